import type { DownloadCallOptions } from '../download/download';
import type { DiskMinimum, DiskSpace } from './diskGuard';
import type { StoreSpec } from './stores';
import type { QueueTaskConfig } from './taskOptions';
import type { DownloadFn } from './taskRun';
import type { QueueCounts, QueueStore } from './types';

export interface DownloadManagerOptions {
	/** SQLite file of the queue (default DOWNLOAD_QUEUE_FILE, else `<n8n user folder>/media-downloader/queue.sqlite`) */
	queueFile?: string;
	/** the named queue in the store (default `default`) */
	queueName?: string;
	/** an open store (the caller closes it), or where to open one (the manager closes it) */
	store?: QueueStore | StoreSpec;
	/** tasks this manager runs at once (default DOWNLOAD_MAX_CONCURRENT, else 3) */
	maxConcurrent?: number;
	/** where tasks without an outputDir download (default DOWNLOAD_OUTPUT_DIR, else ./downloads) */
	defaultOutputDir?: string;
	/** how long a task stays leased without a renewal (default 30 s): a dead worker's tasks come back after it */
	leaseSeconds?: number;
	/** how often an idle worker asks the store for work (default 1000 ms) */
	pollMs?: number;
	/** names this worker in task leases (default host:pid:random) */
	workerId?: string;
	/** free space that must remain in a task's output folder before it starts */
	diskMinimum?: DiskMinimum;
	/**
	 * Options for every download this manager runs that only live in this process and are never stored
	 * in tasks: the site credential (`auth`), file-access checks, allowLocalFiles.
	 */
	downloadOptions?: Partial<DownloadCallOptions>;
	/** download options under every task's own (the spec's set_default_config) */
	defaultConfig?: QueueTaskConfig;
	/** folder of createBackup / restoreFromBackup (default: `backups` beside the queue file) */
	backupDir?: string;
	/** backups kept by createBackup (default 10, the spec's) */
	backupKeep?: number;
	/** a backup every N minutes while the queue runs (startQueue to stopQueue); 0 or unset: none (the spec's PersistentQueueManager: 30) */
	backupIntervalMinutes?: number;
	/** @internal the download function (tests); default downloadMedia */
	download?: DownloadFn;
}

export interface AddDownloadOptions {
	/** higher starts first; default 0 */
	priority?: number;
	config?: QueueTaskConfig;
	preset?: DownloadCallOptions['preset'];
}

export interface StopQueueOptions {
	/** wait for running tasks before stopping them (default true) */
	wait?: boolean;
	/** seconds to wait (default 30) */
	timeout?: number;
}

export interface QueueStatus extends QueueCounts {
	isPaused: boolean;
	/** free space where tasks download by default (null when it cannot be measured) */
	freeDisk: DiskSpace | null;
}
