/**
 * The production recipe (docker/, deploy/k8s/) checked as far as this machine can: Docker cannot run here,
 * so the files are parsed and held against the code they start. Every variable they set must be one our
 * code or the program in that container reads; the service command must be this package's bin; probes must
 * hit the paths and port the service really serves (the service is started with the manifest's settings
 * and its probes requested); every version is pinned; every container has resources; the downloads volume
 * is shared (ReadWriteMany) and mounted at the same path everywhere.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { parseAllDocuments } from 'yaml';

import { parseServiceConfig } from '../../lib/service/config';
import { createLogger } from '../../lib/service/logger';
import { DownloadService } from '../../lib/service/service';
import { closedPort } from '../helpers/ports';
import { startRedisServer, type RedisServer } from '../helpers/redisServer';

const ROOT = path.resolve(__dirname, '../..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');
const pkg = JSON.parse(read('package.json')) as { name: string; version: string; bin: Record<string, string> };

/**
 * Variables n8n reads, each found in n8n 2.40.7 as installed by scripts/n8n.js (file named; @n8n/config's
 * dist/configs unless the path says otherwise) and described in ../shared/N8N-RUNTIME.md §3 (queue mode)
 * or the n8n docs ("Queue mode", "Environment variables").
 */
const N8N_VARIABLES: Record<string, string> = {
	DB_TYPE: 'database.config.js',
	DB_POSTGRESDB_HOST: 'database.config.js',
	DB_POSTGRESDB_PORT: 'database.config.js',
	DB_POSTGRESDB_DATABASE: 'database.config.js',
	DB_POSTGRESDB_USER: 'database.config.js',
	DB_POSTGRESDB_PASSWORD: 'database.config.js',
	EXECUTIONS_MODE: 'executions.config.js',
	QUEUE_BULL_REDIS_HOST: 'scaling-mode.config.js',
	QUEUE_BULL_REDIS_PORT: 'scaling-mode.config.js',
	QUEUE_HEALTH_CHECK_ACTIVE: 'scaling-mode.config.js (HealthConfig: worker /healthz, port 5678)',
	N8N_ENCRYPTION_KEY: 'instance-settings-config.js',
	N8N_RESTRICT_FILE_ACCESS_TO: 'security.config.js',
	N8N_GRACEFUL_SHUTDOWN_TIMEOUT: 'generic.config.js',
	OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'n8n/dist/workflow-runner.js (process.env)',
};

/** The postgres image's own variables (Docker Hub "postgres", Environment Variables). */
const POSTGRES_IMAGE_VARIABLES = ['POSTGRES_DB', 'POSTGRES_USER', 'POSTGRES_PASSWORD', 'PGDATA'];

/** n8n's health endpoints (n8n 2.40.7: abstract-server.js for main, scaling/worker-server.js for workers). */
const N8N_PROBE_PATHS = ['/healthz', '/healthz/readiness'];

type Yaml = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Every document of a YAML file, failing on any syntax error or duplicate key; `<<` merge keys resolved as compose does. */
function loadYaml(file: string): Yaml[] {
	const docs = parseAllDocuments(read(file), { merge: true });
	if (!Array.isArray(docs)) return [];
	for (const doc of docs) expect({ file, errors: doc.errors.map((e) => e.message) }).toEqual({ file, errors: [] });
	return docs.map((doc) => doc.toJS() as Yaml).filter(Boolean);
}

function sourceFiles(dir: string): string[] {
	return readdirSync(path.join(ROOT, dir), { recursive: true, withFileTypes: true })
		.filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts'))
		.map((entry) => path.join(entry.parentPath, entry.name));
}

/** Names our code reads from the environment: in files that read it, `env.X`, `env['X']` and 'UPPER_SNAKE' literals. */
function variablesOurCodeReads(): Set<string> {
	const names = new Set<string>();
	for (const file of ['lib', 'nodes', 'credentials'].flatMap(sourceFiles)) {
		const text = readFileSync(file, 'utf8');
		if (!/process\.env|ProcessEnv/.test(text)) continue;
		for (const m of text.matchAll(/\benv\.([A-Z][A-Z0-9_]*)\b/g)) names.add(m[1]);
		for (const m of text.matchAll(/\benv\[\s*'([A-Z][A-Z0-9_]*)'\s*\]/g)) names.add(m[1]);
		for (const m of text.matchAll(/'([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)'/g)) names.add(m[1]);
	}
	return names;
}

// ---- Dockerfile ----

const dockerfile = read('docker/Dockerfile');
/** Instructions with continuation lines joined and comments dropped. */
const instructions = dockerfile
	.split('\n')
	.filter((line) => !/^\s*#/.test(line))
	.join('\n')
	.replace(/\\\n/g, ' ')
	.split('\n')
	.map((line) => line.trim())
	.filter(Boolean);
const firstFrom = instructions.findIndex((line) => /^FROM\b/i.test(line));
const globalArgs = new Map(
	instructions
		.slice(0, firstFrom)
		.map((line) => /^ARG\s+(\w+)(?:=(.*))?$/.exec(line))
		.filter((m): m is RegExpExecArray => m !== null)
		.map((m) => [m[1], m[2]?.trim() ?? ''] as const),
);
const N8N_VERSION = globalArgs.get('N8N_VERSION') ?? '';
const IMAGE = `n8n-nodes-media-downloader:${pkg.version}-n8n${N8N_VERSION}`;
const SERVICE_BIN = Object.keys(pkg.bin).find((name) => name === 'media-downloader-service') ?? '';

// ---- compose ----

const compose = loadYaml('docker/compose.yml')[0];
const composeServices = compose.services as Record<string, Yaml>;

function composeEnv(service: Yaml): Record<string, string> {
	const env = service.environment ?? {};
	if (Array.isArray(env)) return Object.fromEntries(env.map((line: string) => [line.split('=')[0], line.slice(line.indexOf('=') + 1)]));
	return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v)]));
}

const composeCommand = (service: Yaml): string[] => [service.entrypoint, service.command].flat().filter((part): part is string => typeof part === 'string');

// ---- Kubernetes ----

const K8S_DIR = 'deploy/k8s';
const kustomization = loadYaml(`${K8S_DIR}/kustomization.yaml`)[0];
const manifests = (kustomization.resources as string[]).flatMap((file) => loadYaml(`${K8S_DIR}/${file}`).map((doc) => ({ file, doc })));
const byKind = (kind: string) => manifests.filter((m) => m.doc.kind === kind).map((m) => m.doc);
const named = (kind: string, name: string) => byKind(kind).find((doc) => doc.metadata?.name === name);

interface Workload {
	kind: string;
	name: string;
	replicas: number;
	pod: Yaml;
	labels: Record<string, string>;
	claims: string[];
}
const workloads: Workload[] = ['Deployment', 'StatefulSet'].flatMap((kind) =>
	byKind(kind).map((doc) => ({
		kind,
		name: doc.metadata.name,
		replicas: doc.spec.replicas,
		pod: doc.spec.template.spec,
		labels: doc.spec.template.metadata.labels,
		claims: (doc.spec.volumeClaimTemplates ?? []).map((t: Yaml) => t.metadata.name),
	})),
);
const containersOf = (w: Workload): Yaml[] => [...(w.pod.initContainers ?? []), ...w.pod.containers];

/** A container's environment as Kubernetes builds it; values from elsewhere are described, not resolved. */
function k8sEnv(container: Yaml): Record<string, string> {
	const env: Record<string, string> = {};
	for (const from of container.envFrom ?? []) {
		if (from.configMapRef) Object.assign(env, named('ConfigMap', from.configMapRef.name)?.data ?? {});
		if (from.secretRef) for (const key of Object.keys({ ...named('Secret', from.secretRef.name)?.stringData })) env[key] = `secret:${key}`;
	}
	for (const entry of container.env ?? []) {
		if ('value' in entry) env[entry.name] = String(entry.value);
		else if (entry.valueFrom?.fieldRef) env[entry.name] = `field:${entry.valueFrom.fieldRef.fieldPath}`;
		else if (entry.valueFrom?.secretKeyRef) env[entry.name] = `secret:${entry.valueFrom.secretKeyRef.key}`;
		else env[entry.name] = '';
	}
	return env;
}

const isOurs = (image: string) => image.startsWith('n8n-nodes-media-downloader:');
const k8sCommand = (c: Yaml): string[] => [c.command ?? [], c.args ?? []].flat();
const isService = (command: string[]) => command.includes(SERVICE_BIN);

/** Every container of both recipes: where it is, its image, command, environment and mounts. */
interface Container {
	where: string;
	image: string;
	command: string[];
	env: Record<string, string>;
	mounts: Record<string, string>;
}
const containers: Container[] = [
	...Object.entries(composeServices).map(([name, service]) => ({
		where: `compose ${name}`,
		image: String(service.image),
		command: composeCommand(service),
		env: composeEnv(service),
		mounts: Object.fromEntries(((service.volumes ?? []) as string[]).map((v) => [v.split(':')[0], v.split(':')[1]])),
	})),
	...workloads.flatMap((w) =>
		containersOf(w).map((c) => ({
			where: `${w.kind} ${w.name}/${c.name}`,
			image: String(c.image),
			command: k8sCommand(c),
			env: k8sEnv(c),
			mounts: Object.fromEntries((c.volumeMounts ?? []).map((m: Yaml) => [w.pod.volumes?.find((v: Yaml) => v.name === m.name)?.persistentVolumeClaim?.claimName ?? m.name, m.mountPath])),
		})),
	),
];
const ourContainers = containers.filter((c) => isOurs(c.image));
const serviceContainers = ourContainers.filter((c) => isService(c.command));
const n8nContainers = ourContainers.filter((c) => !isService(c.command));

describe('docker/Dockerfile', () => {
	it('pins every version by an ARG with a default, and builds on n8nio/n8n:${N8N_VERSION}', () => {
		expect([...globalArgs.keys()].sort()).toEqual(['FFMPEG_PACKAGE', 'N8N_VERSION', 'YTDLP_VERSION']);
		for (const [name, value] of globalArgs) expect({ name, value }).toEqual({ name, value: expect.stringMatching(/^\S+$/) });
		expect(N8N_VERSION).toMatch(/^\d+\.\d+\.\d+$/);
		expect(globalArgs.get('YTDLP_VERSION')).toMatch(/^\d{4}\.\d{2}\.\d{2}$/);
		// The n8n the e2e tests run is the one the image runs.
		expect(read('scripts/n8n/project.js')).toContain(`N8N_VERSION = '${N8N_VERSION}'`);
		const froms = instructions.filter((line) => /^FROM\b/i.test(line));
		expect(froms.length).toBeGreaterThanOrEqual(2);
		for (const from of froms) expect(from).toMatch(/^FROM n8nio\/n8n:\$\{N8N_VERSION\}( AS \w+)?$/);
		// A stage ARG without a value takes the global default; a new one would need its own.
		for (const line of instructions.slice(firstFrom).filter((l) => l.startsWith('ARG '))) expect(globalArgs.has(line.slice(4).split('=')[0])).toBe(true);
	});

	it('installs ffmpeg and yt-dlp through the ARGs, links the service bin from package.json, and starts through our entry point', () => {
		expect(dockerfile).toContain('install-tools.sh apk-add "${FFMPEG_PACKAGE}"');
		expect(dockerfile).toContain('install-tools.sh yt-dlp "${YTDLP_VERSION}"');
		expect(dockerfile).toContain(`.bin['${SERVICE_BIN}']`);
		expect(dockerfile).toContain(`/usr/local/bin/${SERVICE_BIN}`);
		expect(instructions).toContain('ENTRYPOINT ["tini", "--", "/opt/media-downloader/entrypoint.sh"]');
		expect(instructions.filter((l) => /^USER /.test(l)).pop()).toBe('USER node');
		// The image documents the tag the recipes use.
		expect(dockerfile).toContain(`-t ${IMAGE} .`);
		// Every file it copies from the repository exists.
		for (const line of instructions.filter((l) => /^COPY (?!--from)/.test(l))) {
			for (const source of line.split(/\s+/).slice(1, -1)) expect({ source, exists: existsSync(path.join(ROOT, source)) }).toEqual({ source, exists: true });
		}
	});

	it('has the bin the recipes start: package.json bin → the compiled lib/service/cli.ts, a Node script', () => {
		expect(pkg.bin[SERVICE_BIN]).toBe('dist/lib/service/cli.js');
		const source = pkg.bin[SERVICE_BIN].replace(/^dist\//, '').replace(/\.js$/, '.ts');
		expect(read(source).split('\n')[0]).toBe('#!/usr/bin/env node');
		// tsconfig compiles lib/ to dist/ (rootDir "." → outDir "dist").
		const tsconfig = JSON.parse(read('tsconfig.json')) as { compilerOptions: { rootDir: string; outDir: string }; include: string[] };
		expect(tsconfig.compilerOptions).toMatchObject({ rootDir: '.', outDir: 'dist' });
		expect(tsconfig.include).toContain('lib/**/*.ts');
	});

	it('install-tools.sh reads a package version from an APKINDEX and refuses unknown commands', () => {
		const script = path.join(ROOT, 'docker/install-tools.sh');
		const index = [
			'C:Q1aaaa=',
			'P:apk-tools-static-doc',
			'V:9.9.9-r0',
			'A:x86_64',
			'',
			'C:Q1bbbb=',
			'P:apk-tools',
			'V:2.14.9-r3',
			'',
			'C:Q1cccc=',
			'P:apk-tools-static',
			'V:2.14.9-r3',
			'A:x86_64',
			'',
		].join('\n');
		const run = (...args: string[]) => spawnSync('sh', [script, ...args], { input: index, encoding: 'utf8' });
		expect(run('index-version', 'apk-tools-static')).toMatchObject({ status: 0, stdout: '2.14.9-r3\n' });
		expect(run('index-version', 'ffmpeg')).toMatchObject({ status: 0, stdout: '' });
		expect(run('something-else').status).toBe(1);
		expect(run('yt-dlp').stderr).toContain('needs a release tag');
	});

	it('entrypoint.sh links the baked-in package into n8n\'s community-nodes folder, replacing an old copy, then runs n8n\'s entry point', () => {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'mdl-entrypoint-'));
		try {
			// The script with n8n's /docker-entrypoint.sh replaced by a stub that prints its arguments.
			const stub = path.join(dir, 'n8n-entrypoint.sh');
			writeFileSync(stub, '#!/bin/sh\necho "n8n-entrypoint $*"\n');
			chmodSync(stub, 0o755);
			const script = path.join(dir, 'entrypoint.sh');
			const text = read('docker/entrypoint.sh');
			expect(text).toContain('exec /docker-entrypoint.sh "$@"');
			writeFileSync(script, text.replace('exec /docker-entrypoint.sh', `exec ${stub}`));
			const home = path.join(dir, 'home');
			const link = path.join(home, '.n8n/nodes/node_modules/n8n-nodes-media-downloader');
			mkdirSync(path.join(link, 'dist'), { recursive: true }); // an older copy installed through n8n's page
			const env = { PATH: process.env.PATH ?? '', HOME: home };
			for (let start = 0; start < 2; start++) {
				expect(execFileSync('sh', [script, 'worker', '--concurrency=5'], { env, encoding: 'utf8' })).toBe('n8n-entrypoint worker --concurrency=5\n');
				expect(lstatSync(link).isSymbolicLink()).toBe(true);
				expect(readlinkSync(link)).toBe('/opt/media-downloader/node_modules/n8n-nodes-media-downloader');
			}
			// N8N_USER_FOLDER moves n8n's folder, and the link with it.
			execFileSync('sh', [script], { env: { ...env, N8N_USER_FOLDER: path.join(dir, 'user') }, encoding: 'utf8' });
			expect(lstatSync(path.join(dir, 'user/.n8n/nodes/node_modules/n8n-nodes-media-downloader')).isSymbolicLink()).toBe(true);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});

describe('docker/compose.yml and deploy/k8s', () => {
	it('parse, and hold the services the recipe needs', () => {
		expect(Object.keys(composeServices).sort()).toEqual(['media-downloader-service', 'n8n', 'n8n-worker', 'postgres', 'redis']);
		expect(workloads.map((w) => `${w.kind}/${w.name}`).sort()).toEqual([
			'Deployment/download-service',
			'Deployment/n8n',
			'Deployment/n8n-worker',
			'StatefulSet/postgres',
			'StatefulSet/redis',
		]);
		expect(containers).toHaveLength(10);
		expect(serviceContainers.map((c) => c.where)).toEqual(['compose media-downloader-service', 'Deployment download-service/download-service']);
	});

	it('pin every image (no latest, no missing tag) and use the image the Dockerfile documents', () => {
		for (const { where, image } of containers) {
			expect({ where, image }).toEqual({ where, image: expect.stringMatching(/^[\w./-]+:[\w.-]+$/) });
			expect({ where, image }).not.toEqual({ where, image: expect.stringMatching(/:latest$/) });
		}
		for (const { where, image } of ourContainers) expect({ where, image }).toEqual({ where, image: IMAGE });
		expect(ourContainers).toHaveLength(6);
		for (const name of ['n8n', 'n8n-worker', 'media-downloader-service']) expect(composeServices[name].build).toEqual({ context: '..', dockerfile: 'docker/Dockerfile' });
	});

	it('set only variables that our code or the program in that container reads', () => {
		const ours = variablesOurCodeReads();
		// The scan finds what the service, the library and the nodes read (a broken scan would allow nothing).
		for (const name of ['DOWNLOAD_SERVICE_PORT', 'DOWNLOAD_QUEUE_STORE', 'REDIS_HOST', 'DOWNLOAD_OUTPUT_DIR', 'YTDLP_PATH', 'N8N_GRACEFUL_SHUTDOWN_TIMEOUT']) expect(ours.has(name)).toBe(true);
		const allowed = (c: Container): Set<string> => {
			if (c.image.startsWith('postgres:')) return new Set(POSTGRES_IMAGE_VARIABLES);
			if (!isOurs(c.image)) return new Set();
			return isService(c.command) ? ours : new Set([...ours, ...Object.keys(N8N_VARIABLES)]);
		};
		const unknown = containers.flatMap((c) => Object.keys(c.env).filter((name) => !allowed(c).has(name)).map((name) => `${c.where}: ${name}`));
		expect(unknown).toEqual([]);
		// The allow-list holds no name the recipes do not use.
		const used = new Set(n8nContainers.flatMap((c) => Object.keys(c.env)));
		expect(Object.keys(N8N_VARIABLES).filter((name) => !used.has(name))).toEqual([]);
	});

	it('give n8n main and workers the same shared settings: queue mode on the same Redis, one database, one encryption key', () => {
		for (const c of n8nContainers) {
			expect({ where: c.where, env: c.env }).toMatchObject({
				where: c.where,
				env: { EXECUTIONS_MODE: 'queue', QUEUE_BULL_REDIS_HOST: 'redis', DB_TYPE: 'postgresdb', DB_POSTGRESDB_HOST: 'postgres' },
			});
			expect(c.env.N8N_ENCRYPTION_KEY).toMatch(/^(\$\{N8N_ENCRYPTION_KEY:\?.+\}|secret:n8n-encryption-key)$/);
		}
		const secretKeys = Object.keys(named('Secret', 'n8n-secrets')?.stringData ?? {});
		for (const w of workloads)
			for (const c of containersOf(w))
				for (const e of c.env ?? []) {
					const ref = e.valueFrom?.secretKeyRef;
					if (ref) expect({ ref, exists: ref.name === 'n8n-secrets' && secretKeys.includes(ref.key) }).toEqual({ ref, exists: true });
				}
	});

	it('start the service with its bin, on the Redis n8n uses, serving HTTP on all interfaces', () => {
		expect(composeServices['media-downloader-service'].entrypoint).toEqual(['tini', '--', SERVICE_BIN]);
		expect(named('Deployment', 'download-service').spec.template.spec.containers[0].command).toEqual(['tini', '--', SERVICE_BIN]);
		const redisPort = String(named('StatefulSet', 'redis').spec.template.spec.containers[0].ports[0].containerPort);
		expect(named('Service', 'redis')).toBeDefined();
		for (const c of serviceContainers) {
			const config = parseServiceConfig(c.env);
			expect(config.store).toMatchObject({ kind: 'redis', connection: { host: 'redis', port: Number(redisPort) } });
			expect(config.http.host).toBe('0.0.0.0');
		}
		for (const c of n8nContainers) expect(c.env.QUEUE_BULL_REDIS_PORT).toBe(redisPort);
	});

	it('mount the shared downloads volume at the same path everywhere: the output folder, allowed to n8n\'s file nodes', () => {
		const downloads = '/data/downloads';
		for (const c of ourContainers) {
			expect({ where: c.where, mount: c.mounts.downloads, output: c.env.DOWNLOAD_OUTPUT_DIR }).toEqual({ where: c.where, mount: downloads, output: downloads });
			if (!isService(c.command)) expect(c.env.N8N_RESTRICT_FILE_ACCESS_TO?.split(';')).toContain(downloads);
		}
		expect(named('PersistentVolumeClaim', 'downloads').spec.accessModes).toEqual(['ReadWriteMany']);
		expect(compose.volumes).toHaveProperty('downloads');
	});

	it('give every container resource requests and limits (cpu and memory)', () => {
		for (const w of workloads)
			for (const c of containersOf(w))
				expect({ where: `${w.name}/${c.name}`, resources: c.resources }).toEqual({
					where: `${w.name}/${c.name}`,
					resources: { requests: { cpu: expect.anything(), memory: expect.anything() }, limits: { cpu: expect.anything(), memory: expect.anything() } },
				});
		for (const [name, service] of Object.entries(composeServices))
			expect({ name, resources: service.deploy?.resources }).toEqual({
				name,
				resources: { reservations: { cpus: expect.any(String), memory: expect.any(String) }, limits: { cpus: expect.any(String), memory: expect.any(String) } },
			});
	});

	it('run one n8n main, two workers and two service replicas, each stopping within its grace period', () => {
		const replicas = Object.fromEntries(workloads.map((w) => [w.name, w.replicas]));
		expect(replicas).toMatchObject({ n8n: 1, 'n8n-worker': 2, 'download-service': 2, redis: 1, postgres: 1 });
		expect(composeServices['n8n-worker'].deploy.replicas).toBe(2);
		expect(composeServices['media-downloader-service'].deploy.replicas).toBe(2);
		expect(composeServices['n8n-worker'].command).toEqual(['worker', '--concurrency=5']);
		expect(named('Deployment', 'n8n-worker').spec.template.spec.containers[0].args).toEqual(['worker', '--concurrency=5']);
		// A stop must finish (downloads back in the queue, executions done) before the kill.
		const seconds = (text: string) => Number(/^(\d+)s$/.exec(text)?.[1]);
		for (const w of workloads.filter((x) => x.pod.containers.some((c: Yaml) => isOurs(c.image)))) {
			const env = k8sEnv(w.pod.containers[0]);
			const stop = Number(env.DOWNLOAD_STOP_TIMEOUT ?? env.N8N_GRACEFUL_SHUTDOWN_TIMEOUT);
			expect({ name: w.name, graceAbove: w.pod.terminationGracePeriodSeconds > stop }).toEqual({ name: w.name, graceAbove: true });
		}
		for (const name of ['n8n', 'n8n-worker', 'media-downloader-service']) {
			const env = composeEnv(composeServices[name]);
			const stop = Number(env.DOWNLOAD_STOP_TIMEOUT ?? env.N8N_GRACEFUL_SHUTDOWN_TIMEOUT);
			expect({ name, graceAbove: seconds(composeServices[name].stop_grace_period) > stop }).toEqual({ name, graceAbove: true });
		}
	});

	it('wire every reference: manifest files, claims, volumes, ConfigMaps, Service selectors and ports', () => {
		const files = readdirSync(path.join(ROOT, K8S_DIR)).filter((f) => /\.ya?ml$/.test(f) && f !== 'kustomization.yaml');
		expect([...(kustomization.resources as string[])].sort()).toEqual(files.sort());
		const pvcs = byKind('PersistentVolumeClaim').map((doc) => doc.metadata.name);
		for (const w of workloads) {
			const volumes = new Set([...(w.pod.volumes ?? []).map((v: Yaml) => v.name), ...w.claims]);
			for (const v of w.pod.volumes ?? []) if (v.persistentVolumeClaim) expect(pvcs).toContain(v.persistentVolumeClaim.claimName);
			for (const c of containersOf(w)) {
				for (const m of c.volumeMounts ?? []) expect({ where: w.name, volume: m.name, declared: volumes.has(m.name) }).toEqual({ where: w.name, volume: m.name, declared: true });
				for (const from of c.envFrom ?? []) expect(named('ConfigMap', from.configMapRef?.name)).toBeDefined();
			}
		}
		for (const service of byKind('Service')) {
			const targets = workloads.filter((w) => Object.entries(service.spec.selector).every(([k, v]) => w.labels[k] === v));
			expect({ service: service.metadata.name, targets: targets.length }).toEqual({ service: service.metadata.name, targets: 1 });
			const ports = containersOf(targets[0]).flatMap((c) => c.ports ?? []);
			for (const port of service.spec.ports) {
				const target = port.targetPort ?? port.port;
				expect(ports.some((p: Yaml) => p.name === target || p.containerPort === target)).toBe(true);
			}
		}
	});

	it('probe n8n on its own health endpoints and ports', () => {
		for (const w of workloads.filter((x) => x.name === 'n8n' || x.name === 'n8n-worker')) {
			const c = w.pod.containers[0];
			for (const probe of ['livenessProbe', 'readinessProbe']) {
				expect(N8N_PROBE_PATHS).toContain(c[probe].httpGet.path);
				expect(c.ports.find((p: Yaml) => p.name === c[probe].httpGet.port)?.containerPort).toBe(5678);
			}
		}
		for (const name of ['n8n', 'n8n-worker']) expect(composeServices[name].healthcheck.test.join(' ')).toContain('http://127.0.0.1:5678/healthz');
	});
});

describe('the download service as the recipes configure it', () => {
	let redis: RedisServer;
	let dir: string;
	beforeAll(async () => {
		redis = await startRedisServer();
		dir = mkdtempSync(path.join(os.tmpdir(), 'mdl-deploy-'));
	});
	afterAll(async () => {
		await redis?.stop();
		if (dir) rmSync(dir, { recursive: true, force: true });
	});

	it('serves the probe paths on the port the manifests probe and the compose healthcheck requests', async () => {
		const deployment = named('Deployment', 'download-service');
		const container = deployment.spec.template.spec.containers[0];
		const env = k8sEnv(container);
		expect(env.DOWNLOAD_WORKER_ID).toBe('field:metadata.name');
		const config = parseServiceConfig(env);

		// The probes' port (by name) is the container port, which is the port the service binds.
		const probes = ['livenessProbe', 'readinessProbe'].map((name) => container[name].httpGet as { path: string; port: string | number });
		expect(probes.map((p) => p.path)).toEqual(['/healthz', '/readyz']);
		for (const probe of probes) {
			const port = typeof probe.port === 'number' ? probe.port : container.ports.find((p: Yaml) => p.name === probe.port)?.containerPort;
			expect(port).toBe(config.http.port);
		}
		const composeService = composeServices['media-downloader-service'];
		expect(parseServiceConfig(composeEnv(composeService)).http.port).toBe(config.http.port);
		expect(composeService.healthcheck.test.join(' ')).toContain(`http://127.0.0.1:${config.http.port}/healthz`);

		// Started with the manifest's settings; only what points at the cluster points here instead.
		const port = await closedPort();
		const local = parseServiceConfig({
			...env,
			DOWNLOAD_WORKER_ID: 'download-service-0',
			REDIS_HOST: '127.0.0.1',
			REDIS_PORT: String(redis.port),
			DOWNLOAD_OUTPUT_DIR: path.join(dir, 'downloads'),
			DOWNLOAD_BACKUP_DIR: path.join(dir, 'backups'),
			DOWNLOAD_SERVICE_HOST: '127.0.0.1',
			DOWNLOAD_SERVICE_PORT: String(port),
		});
		expect(local).toMatchObject({ maxConcurrent: config.maxConcurrent, stopTimeoutSeconds: config.stopTimeoutSeconds, store: { kind: 'redis' } });
		const service = new DownloadService(local, createLogger({ level: 'error', stdout: new PassThrough(), stderr: new PassThrough() }));
		try {
			await service.start();
			expect(service.httpPort).toBe(port);
			for (const probe of probes) {
				const response = await fetch(`http://127.0.0.1:${port}${probe.path}`);
				expect({ path: probe.path, status: response.status }).toEqual({ path: probe.path, status: 200 });
			}
			expect((await fetch(`http://127.0.0.1:${port}/healthz/readiness`)).status).toBe(404);
		} finally {
			await service.stop('test done');
		}
	});
});
