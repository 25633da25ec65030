import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { homepage: string; n8n: { nodes: string[]; credentials: string[] } };
const repo = pkg.homepage.replace(/#.*$/, '');

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
const slug = (heading: string) => heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\p{M} _-]/gu, '').replace(/ /g, '-');
const anchors = new Set(readFileSync(path.join(root, 'README.md'), 'utf8').split('\n').filter((l) => /^#{1,4} /.test(l)).map((l) => slug(l.replace(/^#+ /, ''))));

/** A documentation link must lead to a section of our own README that exists. */
function expectReadmeSection(url: string) {
	const [base, anchor] = url.split('#');
	expect(base).toBe(repo);
	expect(anchors).toContain(anchor);
}

const nodeDirs = pkg.n8n.nodes.map((p) => path.dirname(p.replace(/^dist\//, '')));

describe('codex files, icons and documentation links', () => {
	it.each(nodeDirs)('%s: categories, aliases that "media" finds, docs in our README', (dir) => {
		const name = path.basename(dir);
		const codex = JSON.parse(readFileSync(path.join(root, dir, `${name}.node.json`), 'utf8')) as {
			node: string;
			categories: string[];
			alias: string[];
			resources: { primaryDocumentation: Array<{ url: string }>; credentialDocumentation?: Array<{ url: string }> };
		};
		expect(codex.node).toBe(`n8n-nodes-media-downloader.${name[0].toLowerCase()}${name.slice(1)}`);
		expect(codex.categories.length).toBeGreaterThan(0);
		expect(codex.alias).toContain('media');
		for (const { url } of [...codex.resources.primaryDocumentation, ...(codex.resources.credentialDocumentation ?? [])]) expectReadmeSection(url);
	});

	it('credentials link their README section', () => {
		for (const file of readdirSync(path.join(root, 'credentials')).filter((f) => f.endsWith('.credentials.ts'))) {
			const url = /documentationUrl = '([^']+)'/.exec(readFileSync(path.join(root, 'credentials', file), 'utf8'))?.[1];
			expectReadmeSection(url ?? '');
		}
	});

	it('every node has its own light and dark icon, and no two nodes share one', () => {
		const seen = new Map<string, string>();
		for (const dir of nodeDirs)
			for (const file of readdirSync(path.join(root, dir)).filter((f) => f.endsWith('.svg'))) {
				const svg = readFileSync(path.join(root, dir, file), 'utf8');
				expect(svg).toMatch(/^<svg [^>]*viewBox="0 0 64 64"/);
				expect(seen.get(svg)).toBeUndefined();
				seen.set(svg, file);
			}
		expect(seen.size).toBe(nodeDirs.length * 2);
	});
});
