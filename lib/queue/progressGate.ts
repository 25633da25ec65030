/** One task's progress passes at most once per interval: each pass is a store write and an event. */
export class ProgressGate {
	private last = -Infinity;

	constructor(
		private readonly intervalMs = 1000,
		private readonly now: () => number = Date.now,
	) {}

	/** True when an update at `at` may go out (and starts the next interval there). */
	pass(at = this.now()): boolean {
		if (at - this.last < this.intervalMs) return false;
		this.last = at;
		return true;
	}
}
