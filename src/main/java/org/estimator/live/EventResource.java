package org.estimator.live;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.impl.ContextInternal;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.estimator.account.CurrentUser;
import org.estimator.account.Principal;
import org.estimator.account.Tokens;
import org.estimator.common.ApiError;
import org.estimator.config.Settings;
import org.estimator.web.RateLimiter;
import org.estimator.web.SecretAnswer;
import org.jboss.resteasy.reactive.ResponseHeader;

/** A group's live events as Server-Sent Events, and the tickets that let a browser open them. */
@Path("/rest/v1")
class EventResource {

    public record Ticket(String ticket, long expiresAt) {
    }

    /** More missed events than this and a snapshot is cheaper to send than the events. */
    static final int MAX_REPLAY = 200;
    private static final long MINUTE = 60_000;

    private final StreamGate gate;
    private final CurrentUser caller;
    private final Tokens tokens;
    private final Hub hub;
    private final Presence presence;
    private final EventStore store;
    private final GroupState state;
    private final RateLimiter limiter;
    private final int opensPerMinute;

    EventResource(StreamGate gate,
            CurrentUser caller,
            Tokens tokens,
            Hub hub,
            Presence presence,
            EventStore store,
            GroupState state,
            RateLimiter limiter,
            Settings settings) {
        this.gate = gate;
        this.caller = caller;
        this.tokens = tokens;
        this.hub = hub;
        this.presence = presence;
        this.store = store;
        this.state = state;
        this.limiter = limiter;
        this.opensPerMinute = settings.limits().streamOpensPerUser();
    }

    @POST
    @Path("/group/{name}/events/ticket")
    @Produces(MediaType.APPLICATION_JSON)
    @SecretAnswer
    @Operation(summary = "A single-use ticket (valid 60 s) to open the group's event stream with ?ticket=, for EventSource")
    public Response ticket(@PathParam("name") String name) {
        StreamGate.Admission a = gate.admit(name, caller.require());
        Tokens.Issued t = tokens.issueTicket(a.userId(), a.groupId());
        return Response.status(201).entity(new Ticket(t.token(), t.expiresAt())).build();
    }

    @GET
    @Path("/group/{name}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @ResponseHeader(name = "X-Accel-Buffering", value = "no") // nginx: pass each event on at once
    @ResponseHeader(name = "Cache-Control", value = "no-store")
    @Blocking
    @Operation(summary = "The group's live events (Server-Sent Events); Last-Event-ID (or ?lastEventId=) resumes")
    public Multi<OutboundSseEvent> events(@PathParam("name") String name,
            @HeaderParam("Last-Event-ID") String lastEventHeader,
            @QueryParam("lastEventId") String lastEventParam,
            @QueryParam("ticket") String ticket,
            @Context HttpServerResponse response) {
        StreamGate.Admission a = gate.admit(name, principal(ticket));
        long groupId = a.groupId();
        long userId = a.userId();
        limiter.hit("stream-open:" + userId, opensPerMinute, MINUTE,
                "Too many event streams opened in a minute; wait a moment before reconnecting");
        Long lastEventId = lastEventId(lastEventHeader != null ? lastEventHeader : lastEventParam);
        if (lastEventId != null && lastEventId < a.joinedSeq()) {
            lastEventId = null; // from before the member joined: what happened then is not theirs to replay
        }
        Stream stream = hub.open(groupId, userId, eventLoop());
        Opening opening;
        try {
            presence.connect(groupId, userId);
            try {
                opening = opening(groupId, lastEventId, hub.isOwner(stream));
            } catch (RuntimeException e) {
                hub.run(() -> presence.disconnect(groupId, userId));
                throw e;
            }
        } catch (RuntimeException e) {
            hub.close(stream);
            throw e;
        }
        // Quarkus REST answers the headers, then subscribes; from then on the stream writes its
        // frames to the response itself (encoded once per event for all streams, see Frames) and
        // ends it by completing: this Multi never emits, so it needs no buffer for back-pressure
        // (the default one holds two queues of a kilobyte each per stream). The subscriber lives as
        // long as the stream: it lets go of the opening frames once handed over (a snapshot is
        // kilobytes per stream).
        AtomicReference<Opening> toStart = new AtomicReference<>(opening);
        return Multi.createFrom().<OutboundSseEvent>emitter(emitter -> {
            emitter.onTermination(() -> {
                hub.close(stream);
                hub.run(() -> presence.disconnect(groupId, userId));
            });
            Opening start = toStart.getAndSet(null);
            stream.start(new ResponseSink(response, emitter), start.events(), start.upTo());
        }, BackPressureStrategy.IGNORE);
    }

    /** A stream's HTTP response, ended by completing the request's Multi (so Quarkus REST closes it). */
    private record ResponseSink(HttpServerResponse response, MultiEmitter<?> emitter) implements Stream.Sink {

        @Override
        public void write(Buffer frame) {
            response.write(frame);
        }

        @Override
        public boolean full() {
            return response.writeQueueFull();
        }

        @Override
        public void end() {
            emitter.complete();
        }
    }

    /** The event loop of this request's connection (the request runs on a worker thread, in its context). */
    private static Executor eventLoop() {
        io.vertx.core.Context context = Vertx.currentContext();
        return context instanceof ContextInternal c ? c.nettyEventLoop() : Runnable::run;
    }

    /** The stream's caller: by a bearer token or the cookie, or (only without those) by a ticket. */
    private Principal principal(String ticket) {
        Principal p = caller.require();
        if (ticket != null && !caller.byTicket()) {
            throw ApiError.invalid("Send either a bearer token or a ticket, not both");
        }
        return p;
    }

    private record Opening(List<Buffer> events, long upTo) {
    }

    /**
     * What a stream starts with: the events after {@code lastEventId} when the log still has all of
     * them, otherwise (and on a fresh connection) a snapshot of the group. Events only the owner
     * receives are replayed to the owner alone (the owner now, as with live events).
     */
    private Opening opening(long groupId, Long lastEventId, boolean owner) {
        List<Buffer> events = new ArrayList<>();
        events.add(hub.retryField());
        if (lastEventId != null) {
            List<LiveEvent> missed = store.since(groupId, lastEventId, MAX_REPLAY + 1);
            long head = store.head(groupId);
            boolean complete = missed.isEmpty()
                    ? lastEventId == head
                    : missed.get(0).seq() == lastEventId + 1 && missed.size() <= MAX_REPLAY;
            if (complete) {
                missed.stream().filter(e -> owner || !e.ownerOnly()).forEach(e -> events.add(Frames.event(e)));
                return new Opening(events, missed.isEmpty() ? lastEventId : missed.get(missed.size() - 1).seq());
            }
        }
        for (int attempt = 0;; attempt++) {
            long before = store.head(groupId);
            Map<String, Object> snapshot = new LinkedHashMap<>();
            snapshot.put("seq", before);
            snapshot.putAll(state.of(groupId));
            snapshot.put("online", presence.online(groupId));
            // The state was read in several statements: it is the state at id `before` only if no
            // change of the group committed meanwhile (every change moves the id).
            if (store.head(groupId) == before || attempt == 5) {
                events.add(Frames.event(new LiveEvent(groupId, before, GroupEvents.SNAPSHOT, hub.json(snapshot))));
                return new Opening(events, before);
            }
        }
    }

    private static Long lastEventId(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            long id = Long.parseLong(value.strip());
            return id >= 0 ? id : null;
        } catch (NumberFormatException e) {
            return null; // not one of ours: start with a snapshot
        }
    }
}
