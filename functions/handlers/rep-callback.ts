// Placeholder until the handler lands; the CDK stack only needs the entry file to exist.
export const handler = async (): Promise<never> => {
  throw new Error('not implemented yet');
};
