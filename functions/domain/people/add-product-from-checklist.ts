import { checklistHolderFor } from '../authority/checklist-act.ts';
import type { Dependencies, StarterDependencies } from '../dependencies.ts';
import { parseInput } from '../parse-input.ts';
import type { WorkflowStopper } from '../ports.ts';
import { addProduct } from './add-product.ts';

export type ProviderProductOutcome =
  | { kind: 'added'; product: string; executionName: string }
  | { kind: 'expired' };

/**
 * "Publish another product" from the provider's checklist: the person whose checklist it is names the
 * product, writes its content notes and requests publication; then it continues exactly as ops'
 * `addProduct` (the running execution makes way, the new one resumes exactly, the new product starts
 * at integration). Its refusals (stopped, name taken, before the publication request, too many
 * products) are `addProduct`'s.
 */
export async function addProductFromChecklist(
  deps: Dependencies & Pick<StarterDependencies, 'starter' | 'waits'> & { stopper: WorkflowStopper },
  request: { linkId: string; fields: unknown; ip?: string; userAgent?: string },
): Promise<ProviderProductOutcome> {
  const asked = await checklistHolderFor(deps, request.linkId, 'add-product');
  if (asked.kind === 'expired') return { kind: 'expired' };
  const { onboarding, holder } = asked;
  const { product, notes } = await parseInput(
    'providerProduct',
    withoutBlank(request.fields),
    'The product was not added',
  );
  const added = await addProduct(deps, {
    onboardingId: onboarding.id,
    fields: { product },
    by: holder,
    provider: { notes, ip: request.ip, userAgent: request.userAgent },
  });
  return { kind: 'added', ...added };
}

/** An optional field left empty in the browser is not an answer (as on the step forms). */
function withoutBlank(fields: unknown): unknown {
  if (!fields || typeof fields !== 'object' || Array.isArray(fields)) return fields;
  return Object.fromEntries(
    Object.entries(fields).filter(
      ([name, value]) => !(name === 'notes' && typeof value === 'string' && value.trim() === ''),
    ),
  );
}
