package io.atrion.observe;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * The event ring of {@link EventDispatcher}, driven without its thread: producers call
 * {@code publish}, the consumer {@code poll} (the dispatcher thread's step). Every event written
 * here carries its number n in every column, so a torn copy (columns of two events) is seen.
 * Each test has two actors: jcstress runs at most as many actors as there are CPUs (2 here).
 */
public class EventRingTest {

    /** Code of a polled event: n when every column says n, -2 when torn, 0 when none. */
    static int code(RouteEvent e) {
        if (e == null) {
            return 0;
        }
        int n = (int) e.tickCount();
        boolean whole = e.routeId().equals("route-" + n) && e.nowMillis() == n && e.deltaMillis() == n
                && e.resistance() == n && e.scar() == n && e.momentum() == n && e.pressureNorm() == n
                && e.voltage() == n;
        return whole ? n : -2;
    }

    static void publish(EventDispatcher ring, int n) {
        ring.publish("route-" + n, n, n, n, 1, 1, n, n, n, n, n, 0);
    }

    /** Two producers claim with CAS: each event lands in its own slot, once, whole. */
    @JCStressTest
    @Description("EventDispatcher ring: two producers racing for slots; the drain gets both events, whole, in claim order")
    @Outcome(id = "1, 2", expect = Expect.ACCEPTABLE, desc = "producer 1 claimed first")
    @Outcome(id = "2, 1", expect = Expect.ACCEPTABLE, desc = "producer 2 claimed first")
    @Outcome(expect = Expect.FORBIDDEN, desc = "an event lost, duplicated or torn")
    @State
    public static class Claims {
        private final EventDispatcher ring = new EventDispatcher(4, e -> { }, "jcstress", false);

        public Claims() {
            for (int i = 0; i < 3; i++) { // past the first lap: the events use slots 3 and 0
                publish(ring, 9);
                ring.poll();
            }
        }

        @Actor
        public void producer1() {
            publish(ring, 1);
        }

        @Actor
        public void producer2() {
            publish(ring, 2);
        }

        @Arbiter
        public void drain(II_Result r) {
            r.r1 = code(ring.poll());
            r.r2 = code(ring.poll());
            if (ring.poll() != null) {
                r.r2 = -3;
            }
        }
    }

    /** A consumer racing a producer sees the slot unpublished or the whole event. */
    @JCStressTest
    @Description("EventDispatcher ring: a slot is read only after its columns are published")
    @Outcome(id = "0, 1", expect = Expect.ACCEPTABLE, desc = "polled before the publication; the drain gets it")
    @Outcome(id = "1, 0", expect = Expect.ACCEPTABLE, desc = "polled the whole event")
    @Outcome(expect = Expect.FORBIDDEN, desc = "a torn event, or one lost or delivered twice")
    @State
    public static class Publication {
        private final EventDispatcher ring = new EventDispatcher(2, e -> { }, "jcstress", false);

        @Actor
        public void producer() {
            publish(ring, 1);
        }

        @Actor
        public void consumer(II_Result r) {
            r.r1 = code(ring.poll());
        }

        @Arbiter
        public void drain(II_Result r) {
            r.r2 = code(ring.poll());
        }
    }

    /**
     * A full ring of one slot: the consumer copies event 1 out while a producer tries to publish
     * event 2 into the same slot. The producer either finds the ring full (event 2 dropped) or
     * claims the slot after the consumer released it; it never overwrites event 1 mid-copy.
     */
    @JCStressTest
    @Description("EventDispatcher ring: a slot is reused only after the consumer released it")
    @Outcome(id = "1, 0, 1", expect = Expect.ACCEPTABLE, desc = "event 2 found the ring full and was dropped")
    @Outcome(id = "1, 2, 0", expect = Expect.ACCEPTABLE, desc = "event 2 took the slot after event 1 left it")
    @Outcome(expect = Expect.FORBIDDEN, desc = "event 1 torn or overwritten, or event 2 lost uncounted")
    @State
    public static class SlotReuse {
        private final EventDispatcher ring = new EventDispatcher(1, e -> { }, "jcstress", false);

        public SlotReuse() {
            publish(ring, 1);
        }

        @Actor
        public void producer() {
            publish(ring, 2);
        }

        @Actor
        public void consumer(III_Result r) {
            r.r1 = code(ring.poll());
        }

        @Arbiter
        public void drain(III_Result r) {
            r.r2 = code(ring.poll());
            r.r3 = (int) ring.droppedEvents();
        }
    }

}
