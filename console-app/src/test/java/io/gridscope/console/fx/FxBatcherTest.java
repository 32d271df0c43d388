package io.gridscope.console.fx;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FxBatcherTest {
    /** Collects runnables like the FX queue would; the test runs them when it wants. */
    static final class QueuedExecutor implements Executor {
        final Queue<Runnable> queue = new ArrayDeque<>();

        @Override
        public void execute(Runnable r) {
            queue.add(r);
        }

        void runAll() {
            for (Runnable r; (r = queue.poll()) != null; ) {
                r.run();
            }
        }
    }

    @Test
    void aBurstOfSubmissionsCostsOnePendingRunLater() {
        QueuedExecutor fx = new QueuedExecutor();
        List<List<Integer>> batches = new ArrayList<>();
        FxBatcher<Integer> b = new FxBatcher<>(fx, null, System::nanoTime, batches::add, 1_000, 0);
        IntStream.range(0, 500).forEach(b::submit);
        assertThat(fx.queue).hasSize(1);
        fx.runAll();
        assertThat(batches).hasSize(1);
        assertThat(batches.get(0)).hasSize(500).startsWith(0, 1, 2).endsWith(499);
    }

    @Test
    void batchesAreBoundedAndOrderIsPreserved() {
        QueuedExecutor fx = new QueuedExecutor();
        List<Integer> seen = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        FxBatcher<Integer> b = new FxBatcher<>(
                fx,
                null,
                System::nanoTime,
                batch -> {
                    sizes.add(batch.size());
                    seen.addAll(batch);
                },
                100,
                0);
        b.submitAll(IntStream.range(0, 250).boxed().toList());
        fx.runAll();
        assertThat(sizes).containsExactly(100, 100, 50);
        assertThat(seen).isEqualTo(IntStream.range(0, 250).boxed().toList());
        assertThat(b.pendingCount()).isZero();
    }

    @Test
    void aFailingConsumerDoesNotStrandLaterItems() {
        QueuedExecutor fx = new QueuedExecutor();
        List<Integer> seen = new ArrayList<>();
        FxBatcher<Integer> b = new FxBatcher<>(
                fx,
                null,
                System::nanoTime,
                batch -> {
                    if (batch.contains(0)) {
                        throw new IllegalStateException("first batch fails");
                    }
                    seen.addAll(batch);
                },
                1,
                0);
        b.submitAll(List.of(0, 1));
        try {
            fx.runAll();
        } catch (IllegalStateException expected) {
            // the FX thread's uncaught handler would log this
        }
        fx.runAll();
        assertThat(seen).containsExactly(1);
    }

    @Test
    void drainsAreSpacedByTheMinimumInterval() {
        QueuedExecutor fx = new QueuedExecutor();
        long[] now = {0};
        List<Runnable> timerTasks = new ArrayList<>();
        var timer = new java.util.concurrent.ScheduledThreadPoolExecutor(1) {
            @Override
            public java.util.concurrent.ScheduledFuture<?> schedule(
                    Runnable r, long delay, java.util.concurrent.TimeUnit unit) {
                timerTasks.add(r);
                return null;
            }
        };
        try {
            List<List<Integer>> batches = new ArrayList<>();
            FxBatcher<Integer> b = new FxBatcher<>(fx, timer, () -> now[0], batches::add, 1_000, 100_000_000L);
            b.submit(1);
            assertThat(fx.queue).hasSize(1); // first drain is immediate
            fx.runAll();
            now[0] += 10_000_000L; // 10 ms later
            b.submit(2);
            assertThat(fx.queue).isEmpty(); // waits for the timer instead
            assertThat(timerTasks).hasSize(1);
            timerTasks.get(0).run();
            fx.runAll();
            assertThat(batches).containsExactly(List.of(1), List.of(2));
        } finally {
            timer.shutdownNow();
        }
    }

    @Test
    void aClosedBatcherDropsWhatIsPendingAndWhatComesLater() {
        QueuedExecutor fx = new QueuedExecutor();
        List<Integer> seen = new ArrayList<>();
        FxBatcher<Integer> b = new FxBatcher<>(fx, null, System::nanoTime, seen::addAll, 1_000, 0);
        b.submit(1);
        assertThat(fx.queue).hasSize(1); // a drain is on the FX queue when the window closes
        b.close();
        b.submit(2);
        b.submitAll(List.of(3, 4));
        fx.runAll();
        assertThat(seen).isEmpty();
        assertThat(b.pendingCount()).isZero();
        assertThat(b.isClosed()).isTrue();
    }

    @Test
    void aStoppedTimerClosesTheBatcherInsteadOfThrowingAtTheProducer() {
        QueuedExecutor fx = new QueuedExecutor();
        long[] now = {0};
        var timer = new java.util.concurrent.ScheduledThreadPoolExecutor(1);
        List<Integer> seen = new ArrayList<>();
        FxBatcher<Integer> b = new FxBatcher<>(fx, timer, () -> now[0], seen::addAll, 1_000, 100_000_000L);
        b.submit(1);
        fx.runAll(); // a drain just ran: the next one must wait for the timer
        timer.shutdownNow();
        now[0] += 10_000_000L;
        b.submit(2); // the timer refuses the delayed drain
        b.submit(3);
        fx.runAll();
        assertThat(seen).containsExactly(1);
        assertThat(b.isClosed()).isTrue();
        assertThat(b.pendingCount()).isZero();
    }

    @Test
    void aStoppedFxExecutorClosesTheBatcherInsteadOfThrowingAtTheProducer() {
        List<Integer> seen = new ArrayList<>();
        FxBatcher<Integer> b = new FxBatcher<>(
                r -> {
                    throw new java.util.concurrent.RejectedExecutionException("FX thread has exited");
                },
                null,
                System::nanoTime,
                seen::addAll,
                1_000,
                0);
        b.submit(1);
        b.submit(2);
        assertThat(seen).isEmpty();
        assertThat(b.isClosed()).isTrue();
        assertThat(b.pendingCount()).isZero();
    }
}
