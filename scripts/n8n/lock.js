'use strict';
/** The install lock: a mkdir-based lock next to the cache folder, so parallel jest workers (or two terminals) do not install n8n twice. */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { log } = require('./project');

const WAIT_LIMIT_MS = 30 * 60 * 1000;

function pidAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return error.code === 'EPERM';
	}
}

function sleep(ms) {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Run `fn` holding `<folder>.lock`; a lock whose owner died (same host) or that never got an owner is removed. */
async function withInstallLock(folder, fn) {
	const lockDir = `${folder}.lock`;
	const ownerFile = path.join(lockDir, 'owner.json');
	const deadline = Date.now() + WAIT_LIMIT_MS;
	let announced = false;
	for (;;) {
		try {
			fs.mkdirSync(lockDir);
			fs.writeFileSync(ownerFile, JSON.stringify({ pid: process.pid, host: os.hostname(), since: new Date().toISOString() }));
			break;
		} catch (error) {
			if (error.code !== 'EEXIST') throw error;
			let owner;
			try {
				owner = JSON.parse(fs.readFileSync(ownerFile, 'utf8'));
			} catch {
				owner = undefined;
			}
			const stat = fs.statSync(lockDir, { throwIfNoEntry: false });
			const stale =
				(owner && owner.host === os.hostname() && !pidAlive(owner.pid)) ||
				(!owner && stat && Date.now() - stat.mtimeMs > 60 * 1000);
			if (stale) {
				log(`removing stale install lock ${lockDir}`);
				fs.rmSync(lockDir, { recursive: true, force: true });
				continue;
			}
			if (Date.now() > deadline) throw new Error(`timed out waiting for install lock ${lockDir}`);
			if (!announced) {
				log(`another process (${owner ? `pid ${owner.pid}` : 'unknown'}) is installing n8n, waiting for ${lockDir}`);
				announced = true;
			}
			await sleep(2000);
		}
	}
	try {
		return await fn();
	} finally {
		fs.rmSync(lockDir, { recursive: true, force: true });
	}
}

module.exports = { withInstallLock };
