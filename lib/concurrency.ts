/**
 * Runs `work` over `inputs` with at most `limit` running at once; results keep the input order. Once
 * `signal` is aborted no new work starts (running work sees the same signal and stops itself).
 */
export async function mapWithConcurrency<T, R>(
	inputs: readonly T[],
	limit: number,
	work: (input: T, index: number) => Promise<R>,
	options: { signal?: AbortSignal; onSkipped?: (input: T, index: number) => R } = {},
): Promise<R[]> {
	const results: R[] = new Array(inputs.length);
	let next = 0;
	const worker = async () => {
		while (next < inputs.length) {
			const i = next++;
			if (options.signal?.aborted && options.onSkipped) results[i] = options.onSkipped(inputs[i], i);
			else results[i] = await work(inputs[i], i);
		}
	};
	const workers = Math.max(1, Math.min(Math.floor(limit) || 1, inputs.length));
	await Promise.all(Array.from({ length: workers }, worker));
	return results;
}
