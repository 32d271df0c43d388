package io.gridscope.console.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.collectors.CollectorState;
import io.gridscope.collectors.CollectorStatus;
import io.gridscope.console.app.ConsoleBackend;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Closing the window while the data path is still starting: late updates are dropped, never thrown at producers. */
class ConsoleControllerCloseTest {
    private static CollectorStatus ok(String id) {
        return new CollectorStatus(id, id, CollectorState.OK, "", 0, 0, 0, 1);
    }

    @Test
    void closingTheWindowWhileTheDataPathStartsDropsLateUpdatesAndReportsNoFault() throws Exception {
        CountDownLatch startEntered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Throwable> thrownAtProducer = new CopyOnWriteArrayList<>();
        TwoHostBackend delegate = new TwoHostBackend();
        ConsoleBackend backend = (ConsoleBackend) Proxy.newProxyInstance(
                ConsoleBackend.class.getClassLoader(), new Class<?>[] {ConsoleBackend.class}, (proxy, m, args) -> {
                    if (m.getName().equals("openWarnings")) {
                        return List.of("the database was repaired"); // shown, were the console still open
                    }
                    if (m.getName().equals("start")) {
                        @SuppressWarnings("unchecked")
                        Consumer<CollectorStatus> statuses = (Consumer<CollectorStatus>) args[1];
                        statuses.accept(ok("early")); // delivered at once: the next one within 100 ms needs the timer
                        startEntered.countDown();
                        release.await(30, TimeUnit.SECONDS);
                        for (String id : List.of("late-1", "late-2", "late-3")) {
                            try {
                                statuses.accept(ok(id));
                            } catch (Throwable t) {
                                thrownAtProducer.add(t);
                            }
                        }
                        return null;
                    }
                    try {
                        return m.invoke(delegate, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        ch.qos.logback.classic.Logger logger =
                (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("io.gridscope");
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logged =
                new ch.qos.logback.core.read.ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        List<Throwable> uncaught = new CopyOnWriteArrayList<>();
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> uncaught.add(e));
        try {
            closeWhileStarting(backend, startEntered, release);
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(previous);
            logger.detachAppender(logged);
        }
        assertThat(thrownAtProducer).isEmpty();
        assertThat(uncaught)
                .as("exceptions nobody caught, e.g. on the console's I/O thread")
                .isEmpty();
        assertThat(logged.list)
                .filteredOn(e -> e.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.WARN))
                .extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
                .as("closing is no fault")
                .isEmpty();
    }

    private static void closeWhileStarting(ConsoleBackend backend, CountDownLatch startEntered, CountDownLatch release)
            throws Exception {
        MainViewModel viewModel = new MainViewModel();
        // the "FX thread" is the caller: every delivery is synchronous, so nothing is delivered after the assertions
        ConsoleController controller = new ConsoleController(() -> backend, viewModel, Runnable::run);
        controller.start();
        assertThat(startEntered.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(viewModel.statuses())
                .extracting(CollectorStatus::collectorId)
                .containsExactly("early");

        Thread closer = Thread.ofPlatform().name("closer").start(controller::close);
        // the close has stopped the timers and now waits for the I/O thread, still inside the backend's start
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (Arrays.stream(closer.getStackTrace())
                .noneMatch(f -> f.getMethodName().equals("awaitTermination"))) {
            assertThat(closer.isAlive()).as("close waits for the start").isTrue();
            assertThat(System.nanoTime()).as("close reaches the wait for I/O").isLessThan(deadline);
            Thread.sleep(5);
        }
        release.countDown();
        closer.join(TimeUnit.SECONDS.toMillis(30));

        assertThat(closer.isAlive()).as("close returned").isFalse();
        assertThat(viewModel.statuses())
                .extracting(CollectorStatus::collectorId)
                .containsExactly("early");
        assertThat(viewModel.errorProperty().get())
                .as("a closing console shows no error")
                .isNullOrEmpty();
    }
}
