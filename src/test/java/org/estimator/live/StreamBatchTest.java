package org.estimator.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

/**
 * A stream writes what one drain produced as one write: events that queued up while its event loop
 * was busy reach the connection together, in order, and the shared frames are never changed. The
 * sink records each write as the connection would receive it.
 */
class StreamBatchTest {

    private final List<String> writes = new ArrayList<>();
    private boolean ended;
    private boolean full;

    private final Stream.Sink sink = new Stream.Sink() {

        @Override
        public void write(Buffer frame) {
            writes.add(frame.toString());
        }

        @Override
        public boolean full() {
            return full;
        }

        @Override
        public void end() {
            ended = true;
        }
    };

    private final Stream stream = new Stream(1, 2, Runnable::run);

    private static LiveEvent event(long seq) {
        return new LiveEvent(1, seq, "estimate.counted", "{\"n\":" + seq + "}");
    }

    private void offer(long seq) {
        LiveEvent e = event(seq);
        stream.offer(e, Frames.event(e));
    }

    @Test
    void eventsQueuedBeforeADrainGoOutAsOneWriteInOrder() {
        stream.start(sink, List.of(Buffer.buffer("opening\n\n")), 3);
        offer(4);
        offer(5);
        offer(5); // a duplicate: dropped
        offer(6);
        stream.drain();

        assertThat(writes).containsExactly("opening\n\n",
                Frames.event(event(4)).toString() + Frames.event(event(5)) + Frames.event(event(6)));
    }

    @Test
    void anEventThatArrivesAloneIsWrittenAtOnceAndTheSharedFrameIsLeftAsItWas() {
        stream.start(sink, List.of(Buffer.buffer("opening\n\n")), 3);
        LiveEvent e = event(4);
        Buffer frame = Frames.event(e);
        String before = frame.toString();
        stream.offer(e, frame);
        stream.drain();
        offer(5);
        stream.drain();

        assertThat(writes).containsExactly("opening\n\n", before, Frames.event(event(5)).toString());
        assertThat(frame.toString()).isEqualTo(before);
    }

    @Test
    void theOpeningAndWhatArrivedMeanwhileAreOneWrite() {
        offer(2); // before the opening's id: already in it
        offer(4);
        stream.start(sink, List.of(Buffer.buffer("retry\n\n"), Buffer.buffer("snapshot 3\n\n")), 3);

        assertThat(writes).containsExactly("retry\n\nsnapshot 3\n\n" + Frames.event(event(4)));
    }

    @Test
    void theEndWritesWhatWasQueuedAndTheLastFrameFirst() {
        stream.start(sink, List.of(), 3);
        offer(4);
        stream.end(Buffer.buffer("reconnect\n\n"));
        offer(5); // after the end: never written
        stream.drain();

        assertThat(writes).containsExactly(Frames.event(event(4)) + "reconnect\n\n");
        assertThat(ended).isTrue();
    }

    @Test
    void aClientThatDoesNotReadIsEndedWithoutAnotherWrite() {
        stream.start(sink, List.of(Buffer.buffer("opening\n\n")), 3);
        full = true;
        offer(4);
        stream.drain();

        assertThat(writes).containsExactly("opening\n\n");
        assertThat(ended).isTrue();
    }

    @Test
    void aLongBacklogIsWrittenInBoundedPieces() {
        stream.start(sink, List.of(), 0);
        String data = "{\"text\":\"" + "x".repeat(1000) + "\"}";
        StringBuilder all = new StringBuilder();
        for (long seq = 1; seq <= 200; seq++) {
            LiveEvent e = new LiveEvent(1, seq, "issue.changed", data);
            Buffer frame = Frames.event(e);
            all.append(frame);
            stream.offer(e, frame);
        }
        stream.drain();

        assertThat(writes).hasSizeBetween(3, 5);
        assertThat(String.join("", writes)).isEqualTo(all.toString());
    }
}
