import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_TIMER_DELAY_MS, startTimer } from '../../../local/stepfunctions/clock.ts';
import { OpenTask } from '../../../local/stepfunctions/open-task.ts';
import { redactTokens } from '../../../local/stepfunctions/redaction.ts';
import { TaskRegistry } from '../../../local/stepfunctions/task-registry.ts';

const noEvents = { succeeded: () => {}, failed: () => {}, timedOut: () => {} };

function openTask(registry: TaskRegistry): { task: OpenTask; token: string } {
  const task = new OpenTask('Wait', noEvents);
  task.promise.catch(() => {});
  return { task, token: registry.issue(task) };
}

describe('the engine timer', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('waits longer than setTimeout can, in chunks', () => {
    // Arrange
    vi.useFakeTimers();
    const expired = vi.fn();
    startTimer(MAX_TIMER_DELAY_MS * 2 + 5, expired);

    // Act
    vi.advanceTimersByTime(MAX_TIMER_DELAY_MS * 2);
    const earlyCalls = expired.mock.calls.length;
    vi.advanceTimersByTime(5);

    // Assert
    expect(earlyCalls).toBe(0);
    expect(expired).toHaveBeenCalledTimes(1);
  });

  it('can be cancelled', () => {
    // Arrange
    vi.useFakeTimers();
    const expired = vi.fn();
    const cancel = startTimer(1_000, expired);

    // Act
    cancel();
    vi.advanceTimersByTime(2_000);

    // Assert
    expect(expired).not.toHaveBeenCalled();
  });
});

describe('task tokens', () => {
  it('are still refused with TaskTimedOut after their closed entry left the bounded memory', () => {
    // Arrange
    const registry = new TaskRegistry(1);
    const first = openTask(registry);
    const second = openTask(registry);

    // Act
    first.task.succeed({});
    second.task.succeed({});

    // Assert
    expect(() => registry.find(first.token)).toThrow(expect.objectContaining({ name: 'TaskTimedOut' }));
    expect(() => registry.find(second.token)).toThrow(/already succeeded/);
  });

  it('of another engine are refused with InvalidToken', () => {
    // Arrange
    const other = openTask(new TaskRegistry());

    // Act
    const lookup = () => new TaskRegistry().find(other.token);

    // Assert
    expect(lookup).toThrow(expect.objectContaining({ name: 'InvalidToken' }));
  });

  it('are redacted wherever they appear in recorded data', () => {
    // Arrange
    const { token } = openTask(new TaskRegistry());

    // Act
    const recorded = redactTokens({ input: JSON.stringify({ taskToken: token }), list: [`link?t=${token}`] });

    // Assert
    expect(JSON.stringify(recorded)).not.toContain(token);
  });
});
