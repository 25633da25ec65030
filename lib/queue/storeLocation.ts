import { defaultBackupDir } from './backups';
import { DEFAULT_QUEUE_NAME, defaultQueueFile, type StoreSpec } from './stores';
import type { QueueStore } from './types';

export function isStore(value: QueueStore | StoreSpec): value is QueueStore {
	return typeof (value as QueueStore).claim === 'function';
}

/** The manager's store option: an open store, a spec, or the SQLite file and queue name (DOWNLOAD_QUEUE_FILE by default). */
export function storeLocation(options: { store?: QueueStore | StoreSpec; queueFile?: string; queueName?: string }): QueueStore | StoreSpec {
	const { store, queueFile, queueName } = options;
	if (!store) return { kind: 'sqlite', file: queueFile ?? defaultQueueFile(), queue: queueName };
	if (isStore(store) || store.queue || !queueName) return store;
	return { ...store, queue: queueName };
}

/**
 * Where backups go when not told: the spec's `backups` folder beside the queue file; for a Redis queue
 * (no file) beside where the default queue file would be.
 */
export function defaultBackupDirFor(location: QueueStore | StoreSpec): string {
	const queue = location.queue ?? DEFAULT_QUEUE_NAME;
	const file = !isStore(location) && location.kind === 'sqlite' && location.file ? location.file : defaultQueueFile();
	return defaultBackupDir(file, queue);
}
