import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';

import type { QueueCounts } from '../queue/types';

/** What the queue looks like when Prometheus asks. */
export interface QueueSnapshot {
	counts: QueueCounts;
	paused: boolean;
	/** downloads this process is running */
	activeHere: number;
	freeDiskBytes?: number;
}

export interface ServiceMetrics {
	readonly registry: Registry;
	readonly contentType: string;
	/** a download of this process finished with these bytes */
	recordCompleted(bytes: number): void;
	recordFailed(): void;
	/** Prometheus text with the queue as in `snapshot` */
	render(snapshot: QueueSnapshot): Promise<string>;
}

/**
 * The service's metrics in their own registry (two services in one test process stay apart). Queue
 * gauges are the whole queue, shared by every replica; counters count this process's downloads.
 */
export function createMetrics(labels: { queue: string; worker: string }): ServiceMetrics {
	const registry = new Registry();
	registry.setDefaultLabels({ queue: labels.queue });
	collectDefaultMetrics({ register: registry });
	const tasks = new Gauge({ name: 'media_downloader_queue_tasks', help: 'Tasks in the queue by status (getQueueStatus)', labelNames: ['status'], registers: [registry] });
	const paused = new Gauge({ name: 'media_downloader_queue_paused', help: '1 while the queue is paused', registers: [registry] });
	const active = new Gauge({ name: 'media_downloader_active_downloads', help: 'Downloads this process is running', labelNames: ['worker'], registers: [registry] });
	const freeDisk = new Gauge({ name: 'media_downloader_free_disk_bytes', help: 'Free bytes in the output folder', registers: [registry] });
	const bytes = new Counter({ name: 'media_downloader_downloaded_bytes_total', help: 'Bytes of the files of completed downloads', labelNames: ['worker'], registers: [registry] });
	const completed = new Counter({ name: 'media_downloader_downloads_completed_total', help: 'Downloads completed by this process', labelNames: ['worker'], registers: [registry] });
	const failed = new Counter({ name: 'media_downloader_downloads_failed_total', help: 'Downloads failed in this process', labelNames: ['worker'], registers: [registry] });
	const worker = { worker: labels.worker };
	// Counters appear at 0 from the start, so rate() works before the first download ends.
	bytes.inc(worker, 0);
	completed.inc(worker, 0);
	failed.inc(worker, 0);

	return {
		registry,
		contentType: registry.contentType,
		recordCompleted(byteCount) {
			completed.inc(worker);
			if (byteCount > 0) bytes.inc(worker, byteCount);
		},
		recordFailed() {
			failed.inc(worker);
		},
		async render(snapshot) {
			for (const [status, count] of Object.entries(snapshot.counts)) tasks.set({ status }, count);
			paused.set(snapshot.paused ? 1 : 0);
			active.set(worker, snapshot.activeHere);
			if (snapshot.freeDiskBytes !== undefined) freeDisk.set(snapshot.freeDiskBytes);
			return registry.metrics();
		},
	};
}
