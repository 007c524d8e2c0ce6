import { InvalidInputError } from '../errors.ts';
import type { TeamMember } from '../model.ts';

const MEMBER = /^\s*(.+?)\s*<([^<>\s]+)>\s*$/;

/**
 * Team members as people write them in a mail client, "Grace Hopper <grace@acme.example>", one per
 * line (a form's text box) or one per flag (the CLI). Only the shape is checked here; the start
 * request checks each name and address like any other.
 */
export function parseTeamLines(lines: string[]): TeamMember[] {
  return lines
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      const match = MEMBER.exec(line);
      if (!match) {
        throw new InvalidInputError('The team was not understood.', {
          team: `Write each team member as Name <email>, for example Grace Hopper <grace@acme.example>; “${line.slice(0, 80)}” is not.`,
        });
      }
      return { name: match[1] as string, email: match[2] as string };
    });
}
