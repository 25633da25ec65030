/**
 * The spec logs progress "every 25 %"; its `percent % 25 == 0` only fires when a report lands exactly on
 * a step. Here each step a task crosses is reported once, whatever the reports in between were.
 */
export class ProgressSteps {
	private readonly reached = new Map<string, number>();

	constructor(private readonly step = 25) {}

	/** The highest step `percent` newly reaches for this task (25, 50, 75, 100), or undefined. */
	next(taskId: string, percent: number | null | undefined): number | undefined {
		if (percent === null || percent === undefined || !Number.isFinite(percent)) return undefined;
		const step = Math.floor(Math.min(100, percent) / this.step) * this.step;
		if (step <= (this.reached.get(taskId) ?? 0)) return undefined;
		this.reached.set(taskId, step);
		return step;
	}

	/** The task finished here: its steps are not needed any more. */
	forget(taskId: string): void {
		this.reached.delete(taskId);
	}
}
