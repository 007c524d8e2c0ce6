import { describe, expect, it } from 'vitest';
import { escapeHtml, html, SafeHtml, safeUrl } from '../../../functions/pages/html.ts';

describe('escapeHtml', () => {
  it('escapes the characters that can open markup or end an attribute, backtick included', () => {
    expect(escapeHtml(`<a href="x" title='y'>&\`</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&#96;&lt;/a&gt;',
    );
  });

  it('leaves ordinary text alone', () => {
    expect(escapeHtml('Acme Analytics — Step 3 of 9')).toBe('Acme Analytics — Step 3 of 9');
  });
});

describe('html tagged template', () => {
  it('escapes interpolated text but keeps its own markup', () => {
    const name = '<script>alert(1)</script>';

    const result = html`<p class="name">${name}</p>`.toString();

    expect(result).toBe('<p class="name">&lt;script&gt;alert(1)&lt;/script&gt;</p>');
  });

  it('nests fragments made by html without escaping them twice', () => {
    const item = html`<li>${'a & b'}</li>`;

    expect(html`<ul>${item}</ul>`.toString()).toBe('<ul><li>a &amp; b</li></ul>');
  });

  it('joins arrays and renders nothing for false, null and undefined', () => {
    const items = ['x', '<y>'].map((value) => html`<li>${value}</li>`);

    expect(html`<ul>${items}${false}${null}${undefined}</ul>`.toString()).toBe(
      '<ul><li>x</li><li>&lt;y&gt;</li></ul>',
    );
  });

  it('escapes an object that only pretends to be SafeHtml', () => {
    const impostor = Object.create(SafeHtml.prototype, { toString: { value: () => '<b>trusted?</b>' } });

    expect(html`${impostor}`.toString()).toBe('&lt;b&gt;trusted?&lt;/b&gt;');
  });

  it('cannot be constructed outside the html module', () => {
    expect(() => new SafeHtml(Symbol('SafeHtml'), '<b>')).toThrow(TypeError);
  });
});

describe('safeUrl', () => {
  it.each([
    'https://provider-portal.ctl.io',
    'http://localhost:3000/a/x',
    'mailto:Marketplace@centurylink.com',
    '/a/abc/renew',
  ])('keeps %s as given', (url) => {
    expect(safeUrl(url).toString()).toBe(url);
  });

  it.each([
    'javascript:alert(1)',
    ' JaVaScRiPt:alert(1)',
    'java\nscript:alert(1)',
    'data:text/html,x',
    '//evil.example',
    'not a url',
  ])('turns %j into a dead link', (url) => {
    expect(safeUrl(url).toString()).toBe('#');
  });

  it('escapes quotes and ampersands so the URL cannot leave its attribute', () => {
    expect(safeUrl('https://x.example/?a=1&b="2"').toString()).toBe(
      'https://x.example/?a=1&amp;b=&quot;2&quot;',
    );
  });
});
