import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as z from 'zod';
import { STAGES } from '../../functions/checklist/stages.ts';
import { mintLinkId, mintSecretId, sha256Hex } from '../../functions/domain/action-links.ts';
import { findActionLink } from '../../functions/domain/find-action-link.ts';
import { inputSchema } from '../../functions/domain/input-schemas.ts';
import { startOnboardingFields } from '../../functions/domain/start-onboarding-request.ts';
import { readInbox } from '../../local/inbox-client.ts';
import { openAndSubmit } from '../../local/person.ts';
import { formSchemas } from '../support/form-schemas.ts';
import { ILL_FORMED_ON_EVERY_ROUTE } from '../support/ill-formed-text.ts';
import { actionEmail, clientsFor, driveTo } from '../support/onboarding-driver.ts';
import { RuntimeProcess } from '../support/runtime-process.ts';
import { freeTextFieldsOf } from '../support/text-fields-of.ts';
import { form, type HostileRequest, isActionable, json, send } from './hostile-requests.ts';
import { LOCAL_TASK_TOKEN, systemState } from './system-state.ts';

const SINGLE_LINE = new Set(['alias', 'portalAccount', 'signerName', 'signerTitle', 'agreementVersion']);
// Optional fields left blank (or only spaces) are dropped like an empty browser field, not refused.
const OPTIONAL = new Set(['portalAccount', 'note', 'notes']);

/** Bad values for any text field; CR/LF only where a field must fit on one line. */
function poisonedTexts(field: string): [string, string][] {
  const values: [string, string][] = [
    ['a script tag', '<script>alert(1)</script>'],
    ['an attribute breakout', '"><img src=x onerror=alert(1)>'],
    ['inline markup', 'Acme <b>bold</b>'],
    ['a bidi override', 'Acme\u202Egnp.exe'],
    ['a NUL byte', 'Acme\u0000'],
    ['a terminal escape', 'Acme\u001b[31m'],
    ['5,000 characters', 'A'.repeat(5000)],
    // Ill-formed Unicode and invisible characters (NUL and U+202E are above).
    ...ILL_FORMED_ON_EVERY_ROUTE.filter(([label]) => !['U+0000', 'U+202E'].includes(label)),
  ];
  if (!OPTIONAL.has(field)) values.push(['only spaces', '    ']);
  if (SINGLE_LINE.has(field)) values.push(['a CR/LF header injection', 'Acme\r\nBcc: victim@example.com']);
  return values;
}

/** Each form with a valid answer, and the text fields to poison one at a time. */
const FORMS: {
  stage: Parameters<typeof driveTo>[2];
  valid: Record<string, string | string[]>;
  fields: string[];
}[] = [
  { stage: 'cloud-account', valid: { alias: 'ACME' }, fields: ['alias'] },
  {
    stage: 'portal-access',
    valid: { decision: 'approve', portalAccount: 'acme' },
    fields: ['portalAccount'],
  },
  { stage: 'portal-access', valid: { decision: 'send-back', reason: 'Alias unknown.' }, fields: ['reason'] },
  {
    stage: 'provider-agreement',
    valid: { signerName: 'Ada', signerTitle: 'CTO', agreementVersion: '2019-01', accept: 'yes' },
    fields: ['signerName', 'signerTitle', 'agreementVersion'],
  },
  { stage: 'provider-credit', valid: { amount: '100', note: 'Applied.' }, fields: ['note'] },
  {
    stage: 'product-content',
    valid: { products: 'Acme Backup', notes: 'Ready.' },
    fields: ['products', 'notes'],
  },
  { stage: 'publication-request', valid: { products: 'Acme Backup', confirm: 'yes' }, fields: ['products'] },
  { stage: 'technical-integration', valid: { decision: 'approve', notes: 'Tested.' }, fields: ['notes'] },
  { stage: 'technical-integration', valid: { decision: 'send-back', reason: 'Broken.' }, fields: ['reason'] },
  { stage: 'product-revision', valid: { decision: 'resubmit', changes: 'Fixed.' }, fields: ['changes'] },
  { stage: 'product-revision', valid: { decision: 'withdraw', reason: 'Later.' }, fields: ['reason'] },
  { stage: 'marketplace-approval', valid: { decision: 'approve', notes: 'Fine.' }, fields: ['notes'] },
  {
    stage: 'marketplace-approval',
    valid: { decision: 'request-changes', sendBackTo: 'content', reason: 'More detail.' },
    fields: ['reason'],
  },
];

/** The signed people API's free-text fields, poisoned one at a time (checked against the schemas below). */
const PEOPLE_TEXT: Record<string, { schema: z.ZodType; text: string[]; addresses: string[] }> = {
  'people hand-over': { schema: inputSchema('handOverStep'), text: ['note', 'product'], addresses: ['to'] },
  'people out-of-office': { schema: inputSchema('outOfOffice'), text: ['note'], addresses: ['from', 'to'] },
  'people contact': { schema: inputSchema('contactChange'), text: ['name', 'reason'], addresses: ['email'] },
  'people rep': { schema: inputSchema('repChange'), text: ['reason'], addresses: ['email'] },
  'people products': { schema: inputSchema('product'), text: ['product'], addresses: [] },
  'people team/remove': { schema: inputSchema('removeMember'), text: ['reason'], addresses: ['email'] },
};

const BAD_AMOUNTS = [
  '1e309',
  '-1',
  '0',
  '99999999999',
  'NaN',
  '١٢٣',
  '0x10',
  'Infinity',
  '10.999',
  '1.2.3',
  '+100',
  '1e2',
];

describe('hostile input, on npm start', () => {
  let runtime: RuntimeProcess;
  let dataDir: string;
  const requests: HostileRequest[] = [];
  const seen: string[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'onboarding-hostile-'));
    runtime = await RuntimeProcess.start({ dataDir, ports: await RuntimeProcess.freePorts() });
    const { store } = clientsFor(runtime);
    const linkPath = (link: string) => new URL(link).pathname;

    // One onboarding waiting at each form, plus links in every condition.
    const at = new Map<string, Awaited<ReturnType<typeof driveTo>>>();
    for (const stage of new Set(FORMS.map((entry) => entry.stage))) {
      at.set(stage, await driveTo(runtime, store, stage, `Hostile ${stage}`));
    }
    for (const entry of FORMS) {
      const target = at.get(entry.stage);
      if (!target) throw new Error(`no onboarding at ${entry.stage}`);
      for (const field of entry.fields) {
        for (const [label, value] of poisonedTexts(field)) {
          requests.push({
            name: `${entry.stage} form, ${field} with ${label} (${String(entry.valid.decision ?? 'submit')})`,
            method: 'POST',
            path: linkPath(target.link),
            ...form({ ...entry.valid, [field]: value }),
          });
        }
      }
      requests.push({
        name: `${entry.stage} form with an extra field (${String(entry.valid.decision ?? 'submit')})`,
        method: 'POST',
        path: linkPath(target.link),
        ...form({ ...entry.valid, isAdmin: 'yes' }),
      });
    }
    const credit = at.get('provider-credit');
    const alias = at.get('cloud-account');
    const portal = at.get('portal-access');
    if (!credit || !alias || !portal) throw new Error('setup incomplete');
    for (const amount of BAD_AMOUNTS) {
      requests.push({
        name: `credit amount ${amount}`,
        method: 'POST',
        path: linkPath(credit.link),
        ...form({ amount }),
      });
    }
    for (const [label, value] of [
      ['Arabic digits', '٣٣٣٣'],
      ['punctuation', 'ACME!'],
      ['one character', 'A'],
      ['two values', ['ACME', 'EVIL']],
    ] as [string, string | string[]][]) {
      requests.push({
        name: `alias with ${label}`,
        method: 'POST',
        path: linkPath(alias.link),
        ...form({ alias: value }),
      });
    }
    for (const [label, decision] of [
      ['an unknown decision', 'maybe'],
      ['a provider answer on a rep step', 'resubmit'],
    ] as [string, string][]) {
      requests.push({
        name: `portal form with ${label}`,
        method: 'POST',
        path: linkPath(portal.link),
        ...form({ decision }),
      });
    }
    requests.push({
      name: 'the provider link posting a rep decision',
      method: 'POST',
      path: linkPath(alias.link),
      ...form({ decision: 'approve' }),
    });

    // Bodies that are not forms at all, on a valid link.
    const bodies: [string, string | undefined, Record<string, string>][] = [
      ['malformed JSON', '{"alias":', { 'content-type': 'application/json' }],
      ['a JSON array', '["ACME"]', { 'content-type': 'application/json' }],
      ['an empty form', '', { 'content-type': 'application/x-www-form-urlencoded' }],
      ['no body and no content type', undefined, {}],
      ['text/plain', 'alias=ACME', { 'content-type': 'text/plain' }],
      ['XML', '<alias>ACME</alias>', { 'content-type': 'application/xml' }],
      [
        'multipart',
        '--x\r\nContent-Disposition: form-data; name="alias"\r\n\r\nACME\r\n--x--',
        { 'content-type': 'multipart/form-data; boundary=x' },
      ],
      [
        'a 20 KB form',
        `alias=${'A'.repeat(20_000)}`,
        { 'content-type': 'application/x-www-form-urlencoded' },
      ],
      ['percent garbage', '%%%=%%%', { 'content-type': 'application/x-www-form-urlencoded' }],
      [
        'a charset trick',
        'alias=ACME',
        { 'content-type': 'application/x-www-form-urlencoded; charset=utf-7' },
      ],
    ];
    for (const [label, body, headers] of bodies) {
      requests.push({
        name: `a link POST with ${label}`,
        method: 'POST',
        path: linkPath(alias.link),
        body,
        headers,
      });
    }

    // Links in every bad condition.
    const validId = linkPath(alias.link).split('/')[2] as string;
    const forged = mintLinkId((await linkRecord(alias.link)).onboardingId);
    await store.putLink({
      ...(await linkRecord(alias.link)),
      idHash: sha256Hex(forged),
      role: 'rep',
      stage: 'portal-access',
    });
    const expired = mintLinkId((await linkRecord(alias.link)).onboardingId);
    await store.putLink({
      ...(await linkRecord(alias.link)),
      idHash: sha256Hex(expired),
      expiresAt: '2020-01-01T00:00:00.000Z',
    });
    const used = await driveTo(runtime, store, 'portal-access', 'Hostile used link');
    // Its cloud-account link was used on the way to the portal step.
    const usedProviderLink = (await actionEmail(runtime, store, used.onboardingId, 'cloud-account')).link;
    const ids: [string, string][] = [
      ['an id never issued', mintLinkId(alias.onboardingId)],
      ['an old-style id never issued', mintSecretId()],
      ['a truncated id', validId.slice(0, 30)],
      ['an id one character too long', `${validId}A`],
      ['a tampered id', `${validId.slice(0, -1)}${validId.endsWith('A') ? 'B' : 'A'}`],
      ['an id with markup', encodeURIComponent('<script>alert(1)</script>')],
      ['a path traversal', '..%2F..%2Fetc%2Fpasswd'],
      ['a NUL byte', 'abc%00def'],
      ['odd Unicode', encodeURIComponent('ℌ𝔢𝔩𝔩𝔬‮')],
      ['a 2,000 character id', 'A'.repeat(2000)],
      ['a space', '%20'],
    ];
    for (const [label, id] of ids) {
      for (const method of ['GET', 'HEAD', 'POST']) {
        requests.push({
          name: `${method} of ${label}`,
          method,
          path: `/a/${id}`,
          ...(method === 'POST' ? form({ alias: 'ACME' }) : {}),
        });
      }
      requests.push({ name: `renew of ${label}`, method: 'POST', path: `/a/${id}/renew`, ...form({}) });
      for (const method of ['GET', 'POST']) {
        requests.push({
          name: `hand-over ${method} of ${label}`,
          method,
          path: `/a/${id}/hand-over`,
          ...(method === 'POST' ? form({ to: 'mallory@evil.example' }) : {}),
        });
      }
    }
    // Hand-over of a staff step (the rep's portal-access link): every bad answer is refused.
    const handOverPath = `${linkPath(portal.link)}/hand-over`;
    const badHandOvers: [string, Record<string, string>][] = [
      ['no address', {}],
      ['an empty address', { to: '' }],
      ['not an address', { to: 'mallory' }],
      ['two addresses', { to: 'a@evil.example,b@evil.example' }],
      ['a display-name address', { to: 'Mallory <mallory@evil.example>' }],
      ['a CR/LF in the address', { to: 'mallory@evil.example\r\nBcc: all@evil.example' }],
      ['the holder’s own address', { to: 'rep@marketplace.example' }],
      ['an unknown field', { to: 'colleague@marketplace.example', isAdmin: 'yes' }],
      ['a 5,000-character note', { to: 'colleague@marketplace.example', note: 'N'.repeat(5000) }],
    ];
    for (const [label, value] of poisonedTexts('note').filter(([l]) => l !== '5,000 characters'))
      badHandOvers.push([`a note with ${label}`, { to: 'colleague@marketplace.example', note: value }]);
    for (const [label, value] of ILL_FORMED_ON_EVERY_ROUTE)
      badHandOvers.push([`an address with ${label}`, { to: `colleague${value}@marketplace.example` }]);
    for (const [label, body] of badHandOvers) {
      requests.push({ name: `hand-over with ${label}`, method: 'POST', path: handOverPath, ...form(body) });
    }
    // A provider step is never handed over from its page.
    for (const method of ['GET', 'POST']) {
      requests.push({
        name: `hand-over ${method} of a provider step`,
        method,
        path: `${linkPath(alias.link)}/hand-over`,
        ...(method === 'POST' ? form({ to: 'mallory@evil.example' }) : {}),
      });
    }
    // "Invite a colleague" from a provider checklist, and the contact's confirmation link.
    const checklist = await providerChecklistOf(alias.onboardingId, alias.wait.recipient);
    const invitee = { name: 'Grace Hopper', email: 'grace@hostile.example' };
    const badInvites: [string, Record<string, string | string[]>][] = [
      ['no fields', {}],
      ['no name', { email: invitee.email }],
      ['no address', { name: invitee.name }],
      ['not an address', { ...invitee, email: 'grace' }],
      ['two addresses', { ...invitee, email: 'a@evil.example,b@evil.example' }],
      ['a display-name address', { ...invitee, email: 'Grace <grace@hostile.example>' }],
      ['a CR/LF in the address', { ...invitee, email: 'grace@hostile.example\r\nBcc: all@evil.example' }],
      ['the contact’s own address', { ...invitee, email: alias.wait.recipient }],
      ['an unknown field', { ...invitee, isAdmin: 'yes' }],
      ['two names', { ...invitee, name: ['Grace', 'Eve'] }],
    ];
    for (const [label, value] of poisonedTexts('signerName'))
      badInvites.push([`a name with ${label}`, { ...invitee, name: value }]);
    for (const [label, value] of ILL_FORMED_ON_EVERY_ROUTE)
      badInvites.push([`an address with ${label}`, { ...invitee, email: `grace${value}@hostile.example` }]);
    for (const [label, body] of badInvites) {
      requests.push({
        name: `invite with ${label}`,
        method: 'POST',
        path: `${checklist}/invite`,
        ...form(body),
      });
    }
    for (const [label, id] of ids) {
      requests.push({
        name: `invite from ${label}`,
        method: 'POST',
        path: `/p/${id}/invite`,
        ...form(invitee),
      });
      for (const method of ['GET', 'HEAD', 'POST']) {
        requests.push({
          name: `team confirmation ${method} of ${label}`,
          method,
          path: `/t/${id}`,
          ...(method === 'POST' ? form({ confirm: 'yes' }) : {}),
        });
      }
    }
    requests.push({ name: 'GET of an invite', method: 'GET', path: `${checklist}/invite` });
    // "Remove from the team" on the primary contact's checklist: the one field, and the route itself.
    const badRemovals: [string, Record<string, string | string[]>][] = [
      ['no fields', {}],
      ['not an address', { email: 'grace' }],
      ['someone not on the team', { email: 'nobody@hostile.example' }],
      ['a CR/LF in the address', { email: 'grace@hostile.example\r\nBcc: all@evil.example' }],
      ['an unknown field', { email: 'grace@hostile.example', isAdmin: 'yes' }],
      ['two addresses', { email: ['a@hostile.example', 'b@hostile.example'] }],
    ];
    for (const [label, value] of poisonedTexts('reason'))
      badRemovals.push([`a reason with ${label}`, { email: 'nobody@hostile.example', reason: value }]);
    for (const [label, value] of ILL_FORMED_ON_EVERY_ROUTE)
      badRemovals.push([`an address with ${label}`, { email: `grace${value}@hostile.example` }]);
    for (const [label, body] of badRemovals) {
      requests.push({
        name: `remove with ${label}`,
        method: 'POST',
        path: `${checklist}/team/remove`,
        ...form(body),
      });
    }
    for (const [label, id] of ids) {
      requests.push({
        name: `remove from ${label}`,
        method: 'POST',
        path: `/p/${id}/team/remove`,
        ...form({ email: 'grace@hostile.example' }),
      });
    }
    requests.push({ name: 'GET of a removal', method: 'GET', path: `${checklist}/team/remove` });
    // "Publish another product" from a provider checklist: every field and the route itself.
    const product = { product: 'Acme Mail', notes: 'Ready.', confirm: 'yes' };
    const badProducts: [string, Record<string, string | string[]>][] = [
      ['no fields', {}],
      ['no confirmation', { product: 'Acme Mail' }],
      ['a confirmation that is not yes', { ...product, confirm: 'no' }],
      ['an unknown field', { ...product, isAdmin: 'yes' }],
      ['two product names', { ...product, product: ['Acme Mail', 'Evil Mail'] }],
      ['a 5,000-character note', { ...product, notes: 'N'.repeat(5000) }],
      ['before the publication request', product],
    ];
    for (const field of ['product', 'notes'])
      for (const [label, value] of poisonedTexts(field === 'product' ? 'signerName' : 'notes'))
        badProducts.push([`${field} with ${label}`, { ...product, [field]: value }]);
    for (const [label, body] of badProducts) {
      requests.push({
        name: `another product with ${label}`,
        method: 'POST',
        path: `${checklist}/products`,
        ...form(body),
      });
    }
    for (const [label, id] of ids) {
      requests.push({
        name: `another product from ${label}`,
        method: 'POST',
        path: `/p/${id}/products`,
        ...form(product),
      });
    }
    requests.push({ name: 'GET of another product', method: 'GET', path: `${checklist}/products` });
    // "Change provider contact" from the rep's queue: every field, the onboarding, and the route.
    const queue = await queueOf(portal.wait.recipient);
    const contact = {
      onboarding: portal.onboardingId,
      name: 'Grace Hopper',
      email: 'grace@hostile.example',
      reason: 'Left.',
    };
    const badContacts: [string, Record<string, string | string[]>][] = [
      ['no fields', {}],
      ['no onboarding', { ...contact, onboarding: '' }],
      ['a malformed onboarding', { ...contact, onboarding: '../../etc' }],
      ['an unknown onboarding', { ...contact, onboarding: 'nobody-abcdefgh' }],
      ['no reason', { ...contact, reason: '' }],
      ['no name', { ...contact, name: '' }],
      ['not an address', { ...contact, email: 'grace' }],
      ['two addresses', { ...contact, email: 'a@evil.example,b@evil.example' }],
      ['a CR/LF in the address', { ...contact, email: 'grace@hostile.example\r\nBcc: all@evil.example' }],
      ['an unknown field', { ...contact, isAdmin: 'yes' }],
    ];
    for (const field of ['name', 'reason'])
      for (const [label, value] of poisonedTexts(field === 'name' ? 'signerName' : 'reason'))
        badContacts.push([`${field} with ${label}`, { ...contact, [field]: value }]);
    for (const [label, value] of ILL_FORMED_ON_EVERY_ROUTE)
      badContacts.push([`an address with ${label}`, { ...contact, email: `grace${value}@hostile.example` }]);
    for (const [label, body] of badContacts) {
      requests.push({
        name: `queue contact with ${label}`,
        method: 'POST',
        path: `${queue}/contact`,
        ...form(body),
      });
    }
    for (const [label, id] of ids) {
      requests.push({
        name: `queue contact from ${label}`,
        method: 'POST',
        path: `/r/${id}/contact`,
        ...form(contact),
      });
    }
    requests.push({ name: 'GET of a queue contact change', method: 'GET', path: `${queue}/contact` });
    requests.push({
      name: 'POST of an expired link',
      method: 'POST',
      path: `/a/${expired}`,
      ...form({ alias: 'ACME' }),
    });
    requests.push({
      name: 'POST of a forged rep link for a provider step',
      method: 'POST',
      path: `/a/${forged}`,
      ...form({ decision: 'approve' }),
    });
    requests.push({
      name: 'POST of a used link',
      method: 'POST',
      path: linkPath(usedProviderLink),
      ...form({ alias: 'ACME' }),
    });
    requests.push({
      name: 'renew of a used link',
      method: 'POST',
      path: `${linkPath(usedProviderLink)}/renew`,
      ...form({}),
    });

    // Wrong methods and unknown routes.
    for (const method of ['PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
      for (const path of [
        linkPath(alias.link),
        '/onboardings',
        `/callbacks/${portal.onboardingId}`,
        `${linkPath(alias.link)}/renew`,
        `${linkPath(portal.link)}/hand-over`,
      ]) {
        requests.push({
          name: `${method} ${path.startsWith('/a/') ? path.replace(validId, '{id}') : path}`,
          method,
          path,
        });
      }
    }
    for (const path of [
      '/admin',
      '/a',
      '/a/x/y/z',
      '/onboardings/x',
      '/.env',
      '/callbacks',
      '/local/ses-events/x',
    ]) {
      requests.push({ name: `GET ${path}`, method: 'GET', path });
    }

    // The start API.
    const valid = {
      company: 'Evil Corp',
      contactName: 'Eve',
      contactEmail: 'eve@evil.example',
      repEmail: 'rep@marketplace.example',
    };
    for (const signing of ['wrong-secret', 'stale', 'unknown-key', 'body-swapped'] as const) {
      requests.push({
        name: `start signed ${signing}`,
        method: 'POST',
        path: '/onboardings',
        ...json(valid),
        signing,
      });
      requests.push({
        name: `callback signed ${signing}`,
        method: 'POST',
        path: `/callbacks/${portal.onboardingId}`,
        ...json({ stage: 'portal-access', decision: 'approve' }),
        signing,
      });
    }
    requests.push({ name: 'start unsigned', method: 'POST', path: '/onboardings', ...json(valid) });
    requests.push({
      name: 'start with a forged authorization header',
      method: 'POST',
      path: '/onboardings',
      ...json(valid),
      headers: {
        'content-type': 'application/json',
        authorization:
          'AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/execute-api/aws4_request, SignedHeaders=host, Signature=00',
      },
    });
    requests.push({
      name: 'callback unsigned',
      method: 'POST',
      path: `/callbacks/${portal.onboardingId}`,
      ...json({ stage: 'portal-access', decision: 'approve' }),
    });
    const startBodies: [string, unknown][] = [
      ['malformed JSON', '{"company":'],
      ['an empty body', ''],
      ['an array', [valid]],
      ['a number', 42],
      ['an extra field', { ...valid, stage: 'published' }],
      ['no company', { ...valid, company: undefined }],
      ['two contact addresses', { ...valid, contactEmail: 'a@a.example,b@b.example' }],
      ['a display-name address', { ...valid, contactEmail: 'Eve <eve@evil.example>' }],
      ['an address without @', { ...valid, repEmail: 'rep.example' }],
      ['a CR/LF in the rep address', { ...valid, repEmail: 'rep@x.example\r\nBcc: all@x.example' }],
      ['a 200-character company', { ...valid, company: 'C'.repeat(200) }],
      ['a company of numbers', { ...valid, company: 12345 }],
      ['JSON null', null],
      ['JSON true', true],
      ['a nested company object', { ...valid, company: { name: 'Evil' } }],
      ['empty strings everywhere', { company: '', contactName: '', contactEmail: '', repEmail: '' }],
      ['a 20 KB body', { ...valid, contactName: 'N'.repeat(20_000) }],
    ];
    for (const field of ['company', 'contactName']) {
      for (const [label, value] of poisonedTexts('signerName'))
        startBodies.push([`${field} with ${label}`, { ...valid, [field]: value }]);
    }
    for (const field of ['contactEmail', 'repEmail']) {
      for (const [label, value] of ILL_FORMED_ON_EVERY_ROUTE)
        startBodies.push([`${field} with ${label}`, { ...valid, [field]: `eve${value}@evil.example` }]);
    }
    // The provider's team: each member's name and address, and the list itself.
    const member = { name: 'Mallory', email: 'mallory@evil.example' };
    for (const [label, value] of poisonedTexts('signerName'))
      startBodies.push([`team.name with ${label}`, { ...valid, team: [{ ...member, name: value }] }]);
    for (const [label, value] of ILL_FORMED_ON_EVERY_ROUTE)
      startBodies.push([
        `team.email with ${label}`,
        { ...valid, team: [{ ...member, email: `mallory${value}@evil.example` }] },
      ]);
    startBodies.push(
      ['a team that is not a list', { ...valid, team: 'Mallory <mallory@evil.example>' }],
      ['a team member without an address', { ...valid, team: [{ name: 'Mallory' }] }],
      [
        'a team member with the contact’s address',
        { ...valid, team: [{ ...member, email: valid.contactEmail }] },
      ],
      [
        'a team of 11',
        {
          ...valid,
          team: Array.from({ length: 11 }, (_, i) => ({ name: `M${i}`, email: `m${i}@evil.example` })),
        },
      ],
    );
    for (const [label, body] of startBodies) {
      requests.push({
        name: `start with ${label}`,
        method: 'POST',
        path: '/onboardings',
        ...json(body as never),
        signing: 'good',
      });
    }
    requests.push({
      name: 'start as a form',
      method: 'POST',
      path: '/onboardings',
      ...form(valid as never),
      signing: 'good',
    });

    // The callback API: every text field of every staff form, with every ill-formed text.
    for (const entry of FORMS) {
      const stage = STAGES.find((candidate) => candidate.key === entry.stage);
      const target = at.get(entry.stage);
      if (!stage || !target || stage.actor === 'provider' || stage.actor === 'system') continue;
      for (const field of entry.fields) {
        for (const [label, value] of ILL_FORMED_ON_EVERY_ROUTE) {
          requests.push({
            name: `callback ${entry.stage}, ${field} with ${label} (${String(entry.valid.decision ?? 'submit')})`,
            method: 'POST',
            path: `/callbacks/${target.onboardingId}`,
            ...json({
              stage: entry.stage,
              ...(target.wait.product ? { product: target.wait.product } : {}),
              ...entry.valid,
              [field]: value,
            }),
            signing: 'good',
          });
        }
      }
    }
    for (const [label, value] of ILL_FORMED_ON_EVERY_ROUTE) {
      requests.push({
        name: `callback with a product name with ${label}`,
        method: 'POST',
        path: `/callbacks/${portal.onboardingId}`,
        ...json({ stage: 'technical-integration', product: value, decision: 'approve' }),
        signing: 'good',
      });
    }
    const callbackBodies: [string, string, unknown][] = [
      ['a provider step', portal.onboardingId, { stage: 'cloud-account', alias: 'EVIL' }],
      ['an unknown stage', portal.onboardingId, { stage: 'launch', decision: 'approve' }],
      [
        'a product stage without a product',
        portal.onboardingId,
        { stage: 'technical-integration', decision: 'approve' },
      ],
      ['a stage that is not waiting', portal.onboardingId, { stage: 'provider-credit', amount: '10' }],
      ['no stage', portal.onboardingId, { decision: 'approve' }],
      [
        'markup in the reason',
        portal.onboardingId,
        { stage: 'portal-access', decision: 'send-back', reason: '<script>x</script>' },
      ],
      ['an unknown decision', portal.onboardingId, { stage: 'portal-access', decision: 'yes please' }],
      ['malformed JSON', portal.onboardingId, '{"stage":'],
      ['an array', portal.onboardingId, ['portal-access']],
      ['an unknown onboarding', 'nobody-abcdefgh', { stage: 'portal-access', decision: 'approve' }],
      ['a malformed onboarding id', '..%2F..', { stage: 'portal-access', decision: 'approve' }],
      [
        'a huge reason',
        portal.onboardingId,
        { stage: 'portal-access', decision: 'send-back', reason: 'x'.repeat(5000) },
      ],
    ];
    for (const [label, id, body] of callbackBodies) {
      requests.push({
        name: `callback with ${label}`,
        method: 'POST',
        path: `/callbacks/${id}`,
        ...json(body as never),
        signing: 'good',
      });
    }

    // The signed people API (ops on AWS): every route, every free-text field, every way to sign wrongly.
    const rep = portal.wait.recipient;
    const people: { route: string; path: (id: string) => string; valid: Record<string, string> }[] = [
      {
        route: 'people hand-over',
        path: (id) => `/onboardings/${id}/hand-over`,
        valid: { stage: 'portal-access', to: 'colleague@marketplace.example', note: 'Away.' },
      },
      {
        route: 'people out-of-office',
        path: () => '/out-of-office',
        valid: { from: rep, to: 'colleague@marketplace.example', note: 'Away.' },
      },
      {
        route: 'people contact',
        path: (id) => `/onboardings/${id}/contact`,
        valid: { email: 'grace@hostile.example', name: 'Grace Hopper', reason: 'Left.' },
      },
      {
        route: 'people rep',
        path: (id) => `/onboardings/${id}/rep`,
        valid: { email: 'newrep@hostile.example', reason: 'Moved.' },
      },
      {
        route: 'people products',
        path: (id) => `/onboardings/${id}/products`,
        valid: { product: 'Acme Mail' },
      },
      {
        route: 'people team/remove',
        path: (id) => `/onboardings/${id}/team/remove`,
        valid: { email: 'grace@hostile.example', reason: 'Left.' },
      },
    ];
    const peopleRequest = (name: string, path: string, body: unknown, signing: HostileRequest['signing']) =>
      requests.push({ name, method: 'POST', path, ...json(body as never), ...(signing ? { signing } : {}) });
    for (const { route, path, valid: body } of people) {
      const at = path(portal.onboardingId);
      // Optional fields left blank are dropped, not refused: "only spaces" is tried on required ones.
      for (const field of PEOPLE_TEXT[route]?.text ?? []) {
        const kind = field === 'name' || field === 'product' ? 'signerName' : 'note';
        for (const [label, value] of poisonedTexts(kind).filter(([l]) => l !== 'only spaces'))
          peopleRequest(`${route}, ${field} with ${label}`, at, { ...body, [field]: value }, 'good');
      }
      for (const field of PEOPLE_TEXT[route]?.addresses ?? []) {
        for (const [label, value] of ILL_FORMED_ON_EVERY_ROUTE)
          peopleRequest(
            `${route}, ${field} with ${label}`,
            at,
            { ...body, [field]: `a${value}@b.example` },
            'good',
          );
        for (const [label, value] of [
          ['not an address', 'mallory'],
          ['two addresses', 'a@evil.example,b@evil.example'],
          ['a display-name address', 'Mallory <mallory@evil.example>'],
          ['a CR/LF', 'mallory@evil.example\r\nBcc: all@evil.example'],
          ['a number', 42],
        ] as [string, unknown][])
          peopleRequest(`${route}, ${field} as ${label}`, at, { ...body, [field]: value }, 'good');
      }
      const bad: [string, unknown][] = [
        ['an unknown field', { ...body, isAdmin: true }],
        ['malformed JSON', '{"to":'],
        ['an empty body', ''],
        ['an array', [body]],
        ['JSON null', null],
        ['no fields', {}],
        ['a 20 KB body', { ...body, padding: 'x'.repeat(20_000) }],
      ];
      for (const [label, value] of bad) peopleRequest(`${route} with ${label}`, at, value, 'good');
      requests.push({ name: `${route} as a form`, method: 'POST', path: at, ...form(body), signing: 'good' });
      peopleRequest(`${route} unsigned`, at, body, undefined);
      for (const signing of ['wrong-secret', 'stale', 'unknown-key', 'body-swapped'] as const)
        peopleRequest(`${route} signed ${signing}`, at, body, signing);
      if (route !== 'people out-of-office') {
        peopleRequest(`${route} of an unknown onboarding`, path('nobody-abcdefgh'), body, 'good');
        peopleRequest(`${route} of a malformed onboarding id`, path('..%2F..'), body, 'good');
      }
    }
    peopleRequest(
      'people hand-over of a stage not waiting',
      `/onboardings/${portal.onboardingId}/hand-over`,
      { stage: 'provider-credit', to: 'colleague@marketplace.example' },
      'good',
    );
    peopleRequest(
      'people hand-over of an unknown stage',
      `/onboardings/${portal.onboardingId}/hand-over`,
      { stage: 'launch', to: 'colleague@marketplace.example' },
      'good',
    );
    peopleRequest(
      'people hand-over to the holder',
      `/onboardings/${portal.onboardingId}/hand-over`,
      { stage: 'portal-access', to: rep },
      'good',
    );
    peopleRequest(
      'people rep with a name',
      `/onboardings/${portal.onboardingId}/rep`,
      { email: 'newrep@hostile.example', name: 'New' },
      'good',
    );
    peopleRequest(
      'people rep that is the rep already',
      `/onboardings/${portal.onboardingId}/rep`,
      { email: rep },
      'good',
    );
    peopleRequest(
      'people products before the publication request',
      `/onboardings/${portal.onboardingId}/products`,
      { product: 'Acme Mail' },
      'good',
    );
    for (const [label, id, signing] of [
      ['unsigned', portal.onboardingId, undefined],
      ['signed with a wrong secret', portal.onboardingId, 'wrong-secret'],
      ['of an unknown onboarding', 'nobody-abcdefgh', 'good'],
      ['of a malformed onboarding id', '..%2F..', 'good'],
    ] as [string, string, HostileRequest['signing']][])
      requests.push({
        name: `people audit ${label}`,
        method: 'GET',
        path: `/onboardings/${id}/audit`,
        ...(signing ? { signing } : {}),
      });
    for (const path of ['hand-over', 'contact', 'rep', 'products', 'audit'])
      for (const method of ['PUT', 'DELETE'])
        requests.push({
          name: `people ${method} ${path}`,
          method,
          path: `/onboardings/${portal.onboardingId}/${path}`,
          signing: 'good',
        });

    // The local bounce endpoint: only this machine's own JSON, within size and nesting limits.
    const forgedBounce = {
      eventType: 'Bounce',
      bounce: { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: 'rep@marketplace.example' }] },
      mail: { messageId: 'forged', tags: { onboardingId: [portal.onboardingId], stage: ['portal-access'] } },
    };
    for (const [label, body, headers] of [
      ['100,000 levels of nesting', `${'['.repeat(100_000)}${']'.repeat(100_000)}`, {}],
      ['1,000 levels of nesting', `${'['.repeat(1000)}${']'.repeat(1000)}`, {}],
      [
        'a deeply nested SNS Message',
        JSON.stringify({ Type: 'Notification', Message: `${'{"a":'.repeat(1000)}1${'}'.repeat(1000)}` }),
        {},
      ],
      ['a 100 KB event', JSON.stringify({ ...forgedBounce, padding: 'x'.repeat(100_000) }), {}],
      [
        'a forged bounce as text/plain from another site',
        JSON.stringify(forgedBounce),
        { 'content-type': 'text/plain', origin: 'https://evil.example' },
      ],
      [
        'a forged bounce as JSON from another site',
        JSON.stringify(forgedBounce),
        { 'content-type': 'application/json', origin: 'https://evil.example' },
      ],
      [
        'a forged bounce a browser marks cross-site',
        JSON.stringify(forgedBounce),
        { 'content-type': 'application/json', 'sec-fetch-site': 'cross-site' },
      ],
      ['a bounce as text/plain', JSON.stringify(forgedBounce), { 'content-type': 'text/plain' }],
    ] as [string, string, Record<string, string>][]) {
      requests.push({
        name: `ses event: ${label}`,
        method: 'POST',
        path: '/local/ses-events',
        body,
        headers: { 'content-type': 'application/json', ...headers },
      });
    }
    for (const [label, body] of [
      ['malformed JSON', '{"Type":'],
      ['not an SES event', { Type: 'Notification', Message: '{"hello":"world"}' }],
      ['a delivery event', { eventType: 'Delivery', mail: { messageId: 'x' } }],
      [
        'a bounce without its mail',
        { eventType: 'Bounce', bounce: { bouncedRecipients: [{ emailAddress: 'a@b.example' }] } },
      ],
    ] as [string, unknown][]) {
      requests.push({
        name: `ses event: ${label}`,
        method: 'POST',
        path: '/local/ses-events',
        ...json(body as never),
      });
    }

    /** A fresh checklist link of the provider contact (as their emails carry), as a path. */
    async function providerChecklistOf(onboardingId: string, recipient: string) {
      const id = mintSecretId();
      await store.putViewLink({
        idHash: sha256Hex(id),
        view: 'checklist',
        onboardingId,
        recipient,
        opensSteps: true,
        createdAt: new Date().toISOString(),
        expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
      });
      return `/p/${id}`;
    }

    /** A fresh queue link of a rep (as their emails carry), as a path. */
    async function queueOf(recipient: string) {
      const id = mintSecretId();
      await store.putViewLink({
        idHash: sha256Hex(id),
        view: 'queue',
        recipient,
        opensSteps: true,
        createdAt: new Date().toISOString(),
        expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
      });
      return `/r/${id}`;
    }

    async function linkRecord(link: string) {
      const record = await findActionLink(store, link.slice(link.lastIndexOf('/') + 1));
      if (!record) throw new Error('link not found');
      return record;
    }
  }, 180_000);

  afterAll(async () => {
    await runtime?.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('tries every free-text field of every form and of the start API', () => {
    // Found from the schemas themselves, so a field added later fails here until it is tried above.
    const tried = new Set(FORMS.flatMap((entry) => entry.fields));
    const fields = Object.values(formSchemas).flatMap((schema) => freeTextFieldsOf(schema));
    expect(fields.filter((field) => !tried.has(field))).toEqual([]);
    expect(freeTextFieldsOf(startOnboardingFields).sort()).toEqual(
      ['company', 'contactEmail', 'contactName', 'repEmail', 'team.email', 'team.name'].sort(),
    );
    // The provider's own people forms: each field is poisoned above ("invite with …").
    expect(freeTextFieldsOf(inputSchema('invite')).sort()).toEqual(['email', 'name']);
    expect(freeTextFieldsOf(inputSchema('removeMember')).sort()).toEqual(['email', 'reason']);
    expect(freeTextFieldsOf(inputSchema('providerProduct')).sort()).toEqual(['notes', 'product']);
    expect(freeTextFieldsOf(inputSchema('queueContact')).sort()).toEqual(['email', 'name', 'reason']);
    // The signed people API: each field is poisoned above ("people hand-over, note with …").
    for (const [route, { schema, text, addresses }] of Object.entries(PEOPLE_TEXT))
      expect(freeTextFieldsOf(schema).sort(), route).toEqual([...text, ...addresses].sort());
  });

  it('answers hundreds of bad requests with no 5xx, no change and a message a person can act on', async () => {
    const clients = clientsFor(runtime);
    const names = requests.map((request) => request.name);
    expect(new Set(names).size).toBe(names.length);
    expect(requests.length).toBeGreaterThanOrEqual(300);
    const before = await systemState(clients, runtime.sesUrl);

    const problems: string[] = [];
    for (const request of requests) {
      const response = await send(runtime.apiUrl, request);
      seen.push(response.text);
      if (response.status >= 500) problems.push(`${request.name}: ${response.status}`);
      else if (response.status < 400) problems.push(`${request.name}: accepted with ${response.status}`);
      else if (!isActionable(response, request.method))
        problems.push(`${request.name}: unhelpful answer ${response.status} ${response.text.slice(0, 80)}`);
    }

    expect(problems).toEqual([]);
    expect(await systemState(clients, runtime.sesUrl)).toEqual(before);
    console.info(`hostile input: ${requests.length} requests, 0 5xx, no state change`);
  });

  it('still works for the people it is meant for afterwards', async () => {
    const { store } = clientsFor(runtime);
    const target = await driveTo(runtime, store, 'provider-agreement', 'Hostile aftermath');
    const result = await openAndSubmit(target.link, {
      signerName: 'Ada',
      signerTitle: 'CTO',
      agreementVersion: '2019-01',
      accept: 'yes',
    });
    expect(result.submitted).toBe(200);
  });

  it('never shows a task token in any answer, email or log line', async () => {
    const emails = JSON.stringify(await readInbox(runtime.sesUrl));
    expect(seen.length).toBeGreaterThanOrEqual(300);
    for (const text of [...seen, emails, runtime.log]) expect(text).not.toMatch(LOCAL_TASK_TOKEN);
  });
});
