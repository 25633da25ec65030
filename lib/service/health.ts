import os from 'node:os';

import { diskSpace, formatBytes } from '../queue/diskGuard';

/** The spec's health checks: warn below 10 % free disk and above 80 % memory use. */
export const LOW_DISK_PERCENT = 10;
export const HIGH_MEMORY_PERCENT = 80;

export interface MemoryUse {
	usedPercent: number;
	limitBytes: number;
	/** a container's memory limit (cgroup), or the machine's memory */
	source: 'container' | 'machine';
}

/**
 * Memory in use, as the spec's psutil.virtual_memory().percent, but against the container's limit when
 * one is set: in Kubernetes that limit, not the node's memory, is what gets a pod killed.
 */
export function memoryUse(): MemoryUse {
	const machine = os.totalmem();
	const constrained = process.constrainedMemory();
	const inContainer = constrained > 0 && constrained < machine;
	const limitBytes = inContainer ? constrained : machine;
	const available = Math.min(process.availableMemory(), limitBytes);
	return { usedPercent: ((limitBytes - available) / limitBytes) * 100, limitBytes, source: inContainer ? 'container' : 'machine' };
}

/** The spec's perform_health_checks: a warning per problem, none when all is well. */
export async function healthWarnings(outputDir: string): Promise<string[]> {
	const warnings: string[] = [];
	const disk = await diskSpace(outputDir);
	if (disk.freePercent < LOW_DISK_PERCENT) warnings.push(`Low disk space: ${disk.freePercent.toFixed(1)}% free (${formatBytes(disk.freeBytes)}) in ${outputDir}`);
	const memory = memoryUse();
	if (memory.usedPercent > HIGH_MEMORY_PERCENT) warnings.push(`High memory usage: ${memory.usedPercent.toFixed(1)}% of the ${memory.source}'s ${formatBytes(memory.limitBytes)}`);
	return warnings;
}
