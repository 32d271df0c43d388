package io.gridscope.model.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Collects a response body up to a size limit: fails at once when {@code Content-Length} already says more, and
 * cancels the transfer (reads nothing further) as soon as the bytes received pass the limit. Every HTTP client of
 * Gridscope that reads a whole body (Electricity Maps, Alertmanager) reads it through this.
 */
public final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {
    /** The body is larger than the limit. */
    public static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        public TooLarge(long max) {
            super("larger than " + max + " bytes");
        }
    }

    private final long max;
    private final OptionalLong declared;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private Flow.Subscription subscription;
    private long total;

    public BoundedBody(long max, OptionalLong declared) {
        this.max = max;
        this.declared = declared;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (declared.isPresent() && declared.getAsLong() > max) {
            s.cancel();
            result.completeExceptionally(new TooLarge(max));
        } else {
            s.request(Long.MAX_VALUE);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (result.isDone()) {
            return;
        }
        for (ByteBuffer b : items) {
            total += b.remaining();
            if (total > max) {
                subscription.cancel();
                result.completeExceptionally(new TooLarge(max));
                return;
            }
            byte[] chunk = new byte[b.remaining()];
            b.get(chunk);
            out.writeBytes(chunk);
        }
    }

    @Override
    public void onError(Throwable t) {
        result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
        result.complete(out.toByteArray());
    }
}
