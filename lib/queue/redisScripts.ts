import type { Redis } from 'ioredis';

/**
 * The Lua scripts RedisStore adds to BullMQ, each one atomic. BullMQ has no cancelled state, no task
 * fields beside its own, no release that takes the attempt back, and recovers expired locks two stalled
 * intervals late onto the front of the wait list (ahead of every priority); these scripts do those steps
 * on BullMQ's own keys (`<prefix>:<queue>:active|prioritized|failed|...`, job hashes, `:lock` keys) with
 * the same moves BullMQ makes (e.g. a job put back goes ahead of its priority, as `Job.moveToWait` does).
 *
 * What BullMQ does not keep lives beside it:
 * - job hash fields `media:*` (last error, wait reason, cancel request, insertion order); they go with the job;
 * - `<prefix>:<queue>:media:cancelled`, a sorted set of the failed jobs that were cancelled, and
 *   `<prefix>:<queue>:media:seq`, the counter behind `media:seq`.
 * A mark is read only in the state it belongs to (waitReason while queued, cancelRequested while active,
 * the cancelled set for failed jobs) and cleared when the task next leaves for queued or active, so one
 * left behind by a run that ended elsewhere never changes what the task shows later.
 * Our keys have a colon after `media`, which BullMQ's orphan cleaner (`removeOrphanedJobs`) skips.
 */

export const FIELD = {
	lastError: 'media:lastError',
	waitReason: 'media:waitReason',
	cancelRequested: 'media:cancelRequested',
	/** insertion order: tasks created in one millisecond list in the order they were added */
	seq: 'media:seq',
} as const;

export const CANCELLED_REASON = 'Cancelled';

/** Every script: KEYS[1] = the queue's meta key (routes the call), ARGV[1] = the queue's key base `<prefix>:<queue>:`. */
const PRELUDE = `
local rcall = redis.call
local base = ARGV[1]
local CANCELLED = base .. 'media:cancelled'
local CANCEL_REQUESTED = '${FIELD.cancelRequested}'
local WAIT_REASON = '${FIELD.waitReason}'

local function emit(...)
  local maxEvents = tonumber(rcall('HGET', base .. 'meta', 'opts.maxLenEvents')) or 10000
  rcall('XADD', base .. 'events', 'MAXLEN', '~', maxEvents, '*', ...)
end

local function isQueued(id)
  return rcall('ZSCORE', base .. 'prioritized', id) or rcall('LPOS', base .. 'wait', id)
    or rcall('LPOS', base .. 'paused', id) or rcall('ZSCORE', base .. 'delayed', id)
end

local function statusOf(id)
  if rcall('ZSCORE', base .. 'completed', id) then return 'completed' end
  if rcall('ZSCORE', base .. 'failed', id) then
    if rcall('ZSCORE', CANCELLED, id) then return 'cancelled' end
    return 'failed'
  end
  if isQueued(id) then return 'queued' end
  if rcall('LPOS', base .. 'active', id) then return 'active' end
  return false
end

-- {id, status, lock token or '', lock ms left, hash fields}; false when the job is gone or in no state we know
local function snapshot(id)
  local jobKey = base .. id
  local fields = rcall('HGETALL', jobKey)
  if #fields == 0 then return false end
  local status = statusOf(id)
  if not status then return false end
  local token = rcall('GET', jobKey .. ':lock') or ''
  return {id, status, token, rcall('PTTL', jobKey .. ':lock'), fields}
end

-- The caller has taken the job out of its list. Cancelled = BullMQ's failed state plus our set, so
-- BullMQ's tools show it as failed with reason Cancelled and never see an orphan.
local function moveToCancelled(id, now, prev)
  local jobKey = base .. id
  rcall('ZADD', base .. 'failed', now, id)
  rcall('ZADD', CANCELLED, now, id)
  rcall('HSET', jobKey, 'finishedOn', now, 'failedReason', '${CANCELLED_REASON}')
  rcall('HDEL', jobKey, CANCEL_REQUESTED)
  local deid = rcall('HGET', jobKey, 'deid')
  if deid then
    local dedupeKey = base .. 'de:' .. deid
    if rcall('GET', dedupeKey) == id then rcall('DEL', dedupeKey) end
  end
  emit('event', 'failed', 'jobId', id, 'failedReason', '${CANCELLED_REASON}', 'prev', prev)
end

-- active → queued without the lock, ahead of the jobs of its priority (the score Job.moveToWait gives).
local function requeue(id)
  local jobKey = base .. id
  rcall('LREM', base .. 'active', 1, id)
  rcall('DEL', jobKey .. ':lock')
  rcall('SREM', base .. 'stalled', id)
  local priority = tonumber(rcall('HGET', jobKey, 'priority')) or 0
  if priority > 0 then
    rcall('ZADD', base .. 'prioritized', priority * 0x100000000, id)
  else
    rcall('RPUSH', base .. 'wait', id)
  end
  if rcall('HEXISTS', base .. 'meta', 'paused') == 0 then rcall('ZADD', base .. 'marker', 0, '0') end
  emit('event', 'waiting', 'jobId', id, 'prev', 'active')
end

local function holds(id, token)
  return rcall('GET', base .. id .. ':lock') == token and rcall('LPOS', base .. 'active', id)
end
`;

const BODIES = {
	/** ARGV: base, now. An active job without its lock lost its lease: back to queued, or cancelled when that was asked. */
	settleExpired: `
local now = ARGV[2]
local settled = 0
for _, id in ipairs(rcall('LRANGE', base .. 'active', 0, -1)) do
  local jobKey = base .. id
  if rcall('EXISTS', jobKey .. ':lock') == 0 then
    if rcall('HEXISTS', jobKey, CANCEL_REQUESTED) == 1 then
      rcall('LREM', base .. 'active', 1, id)
      rcall('SREM', base .. 'stalled', id)
      moveToCancelled(id, now, 'active')
    else
      -- BullMQ's stalled counter, which dashboards show
      rcall('HINCRBY', jobKey, 'stc', 1)
      requeue(id)
    end
    settled = settled + 1
  end
end
return settled`,

	/** ARGV: base, id. After BullMQ's moveToActive: a wait reason ends when the task starts; the cancelled mark of an earlier run goes. */
	afterClaim: `
local id = ARGV[2]
rcall('HDEL', base .. id, WAIT_REASON)
rcall('ZREM', CANCELLED, id)
return snapshot(id)`,

	/** ARGV: base, id. Numbers the job in insertion order (once) and returns it. */
	afterAdd: `
local id = ARGV[2]
local jobKey = base .. id
if rcall('EXISTS', jobKey) == 1 and rcall('HEXISTS', jobKey, '${FIELD.seq}') == 0 then
  rcall('HSET', jobKey, '${FIELD.seq}', rcall('INCR', base .. 'media:seq'))
end
return snapshot(id)`,

	/** ARGV: base, id, token, JSON. BullMQ's updateProgress (field and event), but only from the lease holder. */
	saveProgress: `
local id = ARGV[2]
if not holds(id, ARGV[3]) then return 0 end
rcall('HSET', base .. id, 'progress', ARGV[4])
emit('event', 'progress', 'jobId', id, 'data', ARGV[4])
return 1`,

	/** ARGV: base, id, token, wait reason or ''. Back to queued; the attempt the claim counted is taken back. */
	release: `
local id = ARGV[2]
if not holds(id, ARGV[3]) then return 0 end
local jobKey = base .. id
requeue(id)
if (tonumber(rcall('HGET', jobKey, 'ats')) or 0) > 0 then rcall('HINCRBY', jobKey, 'ats', -1) end
rcall('HDEL', jobKey, CANCEL_REQUESTED)
if ARGV[4] ~= '' then rcall('HSET', jobKey, WAIT_REASON, ARGV[4]) else rcall('HDEL', jobKey, WAIT_REASON) end
return 1`,

	/** ARGV: base, id, token, now. The holder stopped a task whose cancel was requested. */
	settleCancelled: `
local id = ARGV[2]
if not holds(id, ARGV[3]) then return 0 end
rcall('LREM', base .. 'active', 1, id)
rcall('DEL', base .. id .. ':lock')
rcall('SREM', base .. 'stalled', id)
moveToCancelled(id, ARGV[4], 'active')
return 1`,

	/** ARGV: base, id, now. Queued → cancelled in this one step (no worker can take it between); active → cancel requested. */
	cancel: `
local id = ARGV[2]
local jobKey = base .. id
if rcall('EXISTS', jobKey) == 0 then return false end
local status = statusOf(id)
if status == 'queued' then
  rcall('ZREM', base .. 'prioritized', id)
  rcall('LREM', base .. 'wait', 0, id)
  rcall('LREM', base .. 'paused', 0, id)
  rcall('ZREM', base .. 'delayed', id)
  moveToCancelled(id, ARGV[3], 'waiting')
elseif status == 'active' then
  rcall('HSET', jobKey, CANCEL_REQUESTED, '1')
end
return snapshot(id)`,

	/** ARGV: base, id. After BullMQ's retry: not cancelled any more, no stale cancel request, and again the task an equal one dedupes to. */
	afterRetry: `
local id = ARGV[2]
local jobKey = base .. id
rcall('ZREM', CANCELLED, id)
rcall('HDEL', jobKey, CANCEL_REQUESTED)
local deid = rcall('HGET', jobKey, 'deid')
if deid and isQueued(id) then rcall('SET', base .. 'de:' .. deid, id, 'NX') end
return snapshot(id)`,

	/** ARGV: base, id, reason or ''. Only a queued task has a wait reason. */
	setWaitReason: `
local id = ARGV[2]
if not isQueued(id) then return 0 end
if ARGV[3] ~= '' then rcall('HSET', base .. id, WAIT_REASON, ARGV[3]) else rcall('HDEL', base .. id, WAIT_REASON) end
return 1`,

	/** ARGV: base, id. Before BullMQ's remove, which leaves a locked (active) job alone: drop the lock, so the holder's next call fails. */
	prepareRemove: `
local id = ARGV[2]
rcall('DEL', base .. id .. ':lock')
rcall('ZREM', CANCELLED, id)
return rcall('EXISTS', base .. id)`,

	/** ARGV: base, ids... → one snapshot (or false) per id. */
	read: `
local out = {}
for i = 2, #ARGV do out[#out + 1] = snapshot(ARGV[i]) end
return out`,

	/**
	 * ARGV: base, status ('queued' | 'active' | 'completed' | 'failed' | 'cancelled' | 'all') → flat
	 * {id, createdAt, seq, ...}; queued ones in the order workers take them (wait list, then by priority).
	 */
	ids: `
local want = ARGV[2]
local out = {}
local function add(id)
  local v = rcall('HMGET', base .. id, 'timestamp', '${FIELD.seq}')
  out[#out + 1] = id
  out[#out + 1] = v[1] or '0'
  out[#out + 1] = v[2] or '0'
end
local function addList(key)
  local ids = rcall('LRANGE', key, 0, -1)
  for i = #ids, 1, -1 do add(ids[i]) end
end
local function addSet(key, cancelled)
  for _, id in ipairs(rcall('ZRANGE', key, 0, -1)) do
    if cancelled == nil or (rcall('ZSCORE', CANCELLED, id) ~= false) == cancelled then add(id) end
  end
end
if want == 'queued' or want == 'all' then
  addList(base .. 'wait')
  addList(base .. 'paused')
  addSet(base .. 'prioritized')
  addSet(base .. 'delayed')
end
if want == 'active' or want == 'all' then addList(base .. 'active') end
if want == 'completed' or want == 'all' then addSet(base .. 'completed') end
if want == 'failed' or want == 'all' then addSet(base .. 'failed', false) end
if want == 'cancelled' or want == 'all' then addSet(base .. 'failed', true) end
return out`,

	/** ARGV: base, since, limit → flat {id, finishedOn, seq, ...}: up to `limit` from each finished set, finishedOn ≥ since. */
	finishedSince: `
local out = {}
for _, state in ipairs({'completed', 'failed'}) do
  local found = rcall('ZRANGEBYSCORE', base .. state, ARGV[2], '+inf', 'WITHSCORES', 'LIMIT', 0, tonumber(ARGV[3]))
  for i = 1, #found, 2 do
    out[#out + 1] = found[i]
    out[#out + 1] = found[i + 1]
    out[#out + 1] = rcall('HGET', base .. found[i], '${FIELD.seq}') or '0'
  end
end
return out`,

	/** ARGV: base → how many failed jobs are cancelled ones. */
	countCancelled: `
local n = 0
for _, id in ipairs(rcall('ZRANGE', CANCELLED, 0, -1)) do
  if rcall('ZSCORE', base .. 'failed', id) then n = n + 1 end
end
return n`,

	/**
	 * ARGV: base, id, status, finishedOn, then field/value pairs. importTasks, after BullMQ added the job
	 * as queued: writes the task's fields and puts a finished task where it was. BullMQ has no way to add a
	 * job as completed or failed.
	 */
	restore: `
local id = ARGV[2]
local status = ARGV[3]
local finishedOn = ARGV[4]
local jobKey = base .. id
if rcall('EXISTS', jobKey) == 0 then return 0 end
if #ARGV > 4 then rcall('HSET', jobKey, unpack(ARGV, 5)) end
if rcall('HEXISTS', jobKey, '${FIELD.seq}') == 0 then rcall('HSET', jobKey, '${FIELD.seq}', rcall('INCR', base .. 'media:seq')) end
if status == 'queued' then
  local deid = rcall('HGET', jobKey, 'deid')
  if deid then rcall('SET', base .. 'de:' .. deid, id, 'NX') end
  return 1
end
rcall('ZREM', base .. 'prioritized', id)
rcall('LREM', base .. 'wait', 0, id)
if status == 'completed' then
  rcall('ZADD', base .. 'completed', finishedOn, id)
else
  rcall('ZADD', base .. 'failed', finishedOn, id)
  if status == 'cancelled' then rcall('ZADD', CANCELLED, finishedOn, id) end
end
rcall('HSET', jobKey, 'finishedOn', finishedOn)
return 1`,
} as const;

export type ScriptName = keyof typeof BODIES;

type ScriptCall = (metaKey: string, ...args: Array<string | number>) => Promise<unknown>;

/** Registers the scripts on the client (ioredis sends EVALSHA and loads a script the server lacks). */
export function defineScripts(client: Redis): void {
	for (const [name, body] of Object.entries(BODIES)) client.defineCommand(`media_${name}`, { numberOfKeys: 1, lua: PRELUDE + body });
}

/** Runs a script for the queue whose keys start with `base`. */
export function runScript(client: Redis, name: ScriptName, base: string, ...args: Array<string | number>): Promise<unknown> {
	const call = (client as unknown as Record<string, ScriptCall>)[`media_${name}`];
	return call.call(client, `${base}meta`, base, ...args);
}
