/**
 * What `npm pack` ships is what n8n installs (with --ignore-scripts, optional dependencies stripped): the built
 * package and its docs, nothing of the tests, fixtures or benchmarks, and no dependency that needs a build step.
 * Needs `npm run build` first (npm test's pretest does it).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
	scripts: Record<string, string>;
	dependencies: Record<string, string>;
	optionalDependencies?: Record<string, string>;
	n8n: { nodes: string[]; credentials: string[] };
	bin: Record<string, string>;
	main: string;
};

function packedFiles(): string[] {
	const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
	return (JSON.parse(out) as Array<{ files: Array<{ path: string }> }>)[0].files.map((f) => f.path);
}

describe('the npm package', () => {
	const files = packedFiles();

	it('holds only the built code, its icons and codex files, the README, the licence and package.json', () => {
		expect(files.filter((f) => !f.startsWith('dist/')).sort()).toEqual(['LICENSE', 'README.md', 'package.json']);
		expect(files.filter((f) => /(^|\/)(test|tests|fixtures|bench|examples|scripts|\.ci)\//.test(f))).toEqual([]);
		expect(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
	});

	it('holds every node, credential, icon and codex file n8n loads, and the service and library entry points', () => {
		for (const entry of [...pkg.n8n.nodes, ...pkg.n8n.credentials, pkg.main, ...Object.values(pkg.bin)]) expect(files).toContain(entry);
		for (const node of pkg.n8n.nodes) {
			const dir = path.dirname(node);
			expect(files).toContain(node.replace(/\.js$/, '.json'));
			const icons = readdirSync(path.join(root, dir.replace(/^dist\//, ''))).filter((f) => f.endsWith('.svg'));
			expect(icons.length).toBe(2);
			for (const icon of icons) expect(files).toContain(`${dir}/${icon}`);
		}
	});

	it('runs nothing at install and depends on nothing that needs compiling or downloading at install', () => {
		for (const hook of ['preinstall', 'install', 'postinstall', 'prepare']) expect(pkg.scripts[hook]).toBeUndefined();
		expect(pkg.optionalDependencies ?? {}).toEqual({});
		// What n8n installs: the lockfile's packages that are neither dev nor optional (n8n strips optional
		// dependencies: msgpackr-extract, bullmq's native msgpack helper, is left out and msgpackr runs as plain JavaScript).
		const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean; optional?: boolean; devOptional?: boolean }> };
		const tree = Object.entries(lock.packages)
			.filter(([dir, meta]) => dir !== '' && !meta.dev && !meta.optional && !meta.devOptional)
			.map(([dir]) => path.join(root, dir));
		expect(tree.length).toBeGreaterThan(Object.keys(pkg.dependencies).length);
		const needsBuild = tree.filter((dir) => {
			const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { scripts?: Record<string, string>; gypfile?: boolean };
			return manifest.gypfile === true || existsSync(path.join(dir, 'binding.gyp')) || Boolean(manifest.scripts?.install || manifest.scripts?.postinstall);
		});
		expect(needsBuild.map((d) => path.relative(root, d))).toEqual([]);
	});
});
