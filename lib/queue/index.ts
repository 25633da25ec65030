/**
 * The download queue: DownloadManager, the task model, and the stores. The store classes load on first
 * use: BullMQ (RedisStore) is never loaded for SQLite users, nor node:sqlite for Redis users.
 */
import type * as RedisStoreModule from './redisStore';
import type * as SqliteStoreModule from './sqliteStore';

export { DownloadManager, type AddDownloadOptions, type DownloadManagerOptions, type QueueStatus, type StopQueueOptions } from './manager';
export type { StopOutcome } from './stopRuns';
export type { RunQueuedOptions } from './batch';
export {
	createBackup,
	defaultBackupDir,
	DEFAULT_BACKUP_INTERVAL_MINUTES,
	DEFAULT_BACKUP_KEEP,
	listBackups,
	readBackup,
	restoreFromBackup,
	startBackupTimer,
	type BackupTimer,
	type QueueBackup,
	type RestoreReport,
} from './backups';
export { exportQueueSummary, summarizeTasks, type QueueSummary, type TaskSummary } from './summary';
export { checkDiskSpace, diskSpace, formatBytes, type DiskMinimum, type DiskSpace, type DiskVerdict } from './diskGuard';
export { estimateCompletion, type EtaInput } from './eta';
export type { QueueEventMap, QueueEventName } from './events';
export { checkRedis } from './redisConnection';
export { DEFAULT_QUEUE_NAME, defaultQueueFile, openStore, type RedisConnection, type StoreSpec } from './stores';
export type { QueueTaskConfig } from './taskOptions';
export { taskDedupeKey } from './taskKey';
export * from './types';

export type SqliteStore = SqliteStoreModule.SqliteStore;
export type RedisStore = RedisStoreModule.RedisStore;
export declare const SqliteStore: typeof SqliteStoreModule.SqliteStore;
export declare const RedisStore: typeof RedisStoreModule.RedisStore;

// A getter per class: the module is required when the class is first used. import() would not do here:
// it is asynchronous, and in this CommonJS build it would be an ES module import.
Object.defineProperty(exports, 'SqliteStore', {
	enumerable: true,
	// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, see above
	get: () => (require('./sqliteStore') as typeof SqliteStoreModule).SqliteStore,
});
Object.defineProperty(exports, 'RedisStore', {
	enumerable: true,
	// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use: BullMQ only for Redis users
	get: () => (require('./redisStore') as typeof RedisStoreModule).RedisStore,
});
