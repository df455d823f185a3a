package dev.braid.worker.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The schedules' op orders, their activation counts, and the runner's handling of them. */
class ScheduleTest {

    @Test
    void oneFOneBOrderForTwoStages() {
        // stage 0 runs one forward ahead; stage 1 (the last) alternates from the start
        assertArrayEquals(new int[] {0, 1, -1, 2, -2, 3, -3, -4}, Schedule.ONE_F_ONE_B.ops(0, 2, 4));
        assertArrayEquals(new int[] {0, -1, 1, -2, 2, -3, 3, -4}, Schedule.ONE_F_ONE_B.ops(1, 2, 4));
        assertArrayEquals(new int[] {0, 1, 2, 3, -4, -3, -2, -1}, Schedule.GPIPE.ops(1, 2, 4));
    }

    @Test
    void everyScheduleRunsEachPassOnceAndHoldsWhatItClaims() {
        for (Schedule schedule : Schedule.values()) {
            for (int k = 1; k <= 4; k++) {
                for (int m = 1; m <= 8; m++) {
                    for (int s = 0; s < k; s++) {
                        int[] seen = new int[m];
                        for (int op : schedule.ops(s, k, m)) {
                            int mb = Schedule.microBatch(op);
                            assertEquals(Schedule.isForward(op) ? 0 : 1, seen[mb], "forward before backward");
                            seen[mb]++;
                        }
                        int peak = schedule.inFlight(s, k, m);
                        int bound = schedule == Schedule.ONE_F_ONE_B ? Math.min(m, k - s) : m;
                        assertEquals(bound, peak, schedule + " K=" + k + " M=" + m + " stage " + s);
                    }
                }
            }
        }
    }

    @Test
    void runnerRunsEveryScheduleWithoutDeadlockAndPassesPayloadsInOrder() {
        for (Schedule schedule : Schedule.values()) {
            try (PipelineRunner runner = new PipelineRunner(3)) {
                AtomicInteger backwardAtFirst = new AtomicInteger();
                StageWork[] work = new StageWork[3];
                for (int s = 0; s < 3; s++) {
                    int stage = s;
                    work[s] = new StageWork() {
                        @Override public Object forward(int m, Object input) {
                            int in = input == null ? 0 : (Integer) input;
                            return in + 10 * m + stage;
                        }

                        @Override public Object backward(int m, Object outputGradient) {
                            if (stage == 0) {
                                backwardAtFirst.incrementAndGet();
                            }
                            return m;
                        }
                    };
                }
                runner.run(work, schedule, 5);
                assertEquals(5, backwardAtFirst.get());
                assertTrue(runner.wallNanos() > 0 && runner.busyNanos(2) > 0);
            }
        }
    }

    @Test
    void aFailingStageStopsTheRunInsteadOfHangingIt() {
        try (PipelineRunner runner = new PipelineRunner(2)) {
            StageWork ok = new StageWork() {
                @Override public Object forward(int m, Object input) {
                    return m;
                }

                @Override public Object backward(int m, Object outputGradient) {
                    return null;
                }
            };
            StageWork failing = new StageWork() {
                @Override public Object forward(int m, Object input) {
                    throw new IllegalStateException("stage 1 broke at " + m);
                }

                @Override public Object backward(int m, Object outputGradient) {
                    return null;
                }
            };
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> runner.run(new StageWork[] {ok, failing}, Schedule.GPIPE, 4));
            assertEquals("stage 1 broke at 0", e.getMessage());
        }
    }

    @Test
    void idealBubble() {
        assertEquals(1.0 / 9, Schedule.idealBubble(2, 8), 1e-12);
    }
}
