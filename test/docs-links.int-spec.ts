import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

// The README is the gist and docs/ the manual: every relative link in them resolves (to a file,
// and to a heading when it names one), and every page of docs/ is reachable from the index.

const ROOT = process.cwd();

function markdownFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? markdownFiles(file) : name.endsWith('.md') ? [file] : [];
  });
}

/** Markdown text without fenced code blocks and inline code, where brackets are not links. */
function prose(text: string): string {
  return text.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

function anchors(file: string): Set<string> {
  const headings = prose(readFileSync(file, 'utf8'))
    .split('\n')
    .filter((line) => /^#{1,6}\s/.test(line))
    .map((line) => slug(line.replace(/^#+\s*/, '')));
  return new Set(headings);
}

function relativeLinks(file: string): Array<{ target: string; anchor: string | null }> {
  const links = [...prose(readFileSync(file, 'utf8')).matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!);
  return links
    .filter((link) => !/^[a-z][a-z0-9+.-]*:/i.test(link))
    .map((link) => {
      const [target, anchor] = link.split('#');
      return { target: target === '' ? file : path.resolve(path.dirname(file), decodeURI(target!)), anchor: anchor ?? null };
    });
}

const DOCS = markdownFiles(path.join(ROOT, 'docs'));
const PAGES = [path.join(ROOT, 'README.md'), path.join(ROOT, 'CHANGELOG.md'), path.join(ROOT, 'CONTRIBUTING.md'), ...DOCS];

describe('documentation links', () => {
  it.each(PAGES.map((p) => path.relative(ROOT, p)))('every relative link in %s resolves', (page) => {
    const broken = relativeLinks(path.join(ROOT, page)).flatMap(({ target, anchor }) => {
      if (!existsSync(target)) return [`${path.relative(ROOT, target)} (no such file)`];
      if (anchor !== null && target.endsWith('.md') && !anchors(target).has(anchor))
        return [`${path.relative(ROOT, target)}#${anchor} (no such heading)`];
      return [];
    });
    expect(broken).toEqual([]);
  });

  it('reaches every page of docs/ from the README or the docs index', () => {
    const linked = new Set(
      [path.join(ROOT, 'README.md'), path.join(ROOT, 'docs/README.md')].flatMap((index) => relativeLinks(index).map((l) => l.target)),
    );
    const unlinked = DOCS.filter((page) => !linked.has(page)).map((page) => path.relative(ROOT, page));
    // A new page: add its line to docs/README.md.
    expect(unlinked).toEqual([]);
  });

  it('keeps the README a gist', () => {
    expect(readFileSync(path.join(ROOT, 'README.md'), 'utf8').split('\n').length).toBeLessThanOrEqual(250);
  });
});
