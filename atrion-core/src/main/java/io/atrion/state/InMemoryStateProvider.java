package io.atrion.state;

import java.util.List;
import java.util.Optional;

/**
 * One node's connection to an {@link InMemoryStateStore} (create it with
 * {@link InMemoryStateStore#provider(String)}). Publishes synchronously into the store, which
 * delivers to every connected node through its {@link DeliveryScheduler}; this node's own vectors
 * come back too and are ignored by the listener, as with Redis.
 */
public final class InMemoryStateProvider implements StateProvider {

    private final InMemoryStateStore store;
    private final String nodeId;
    private volatile StateListener listener;
    private volatile ConnectionState state = ConnectionState.CONNECTING;

    InMemoryStateProvider(InMemoryStateStore store, String nodeId) {
        this.store = store;
        this.nodeId = nodeId;
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    /** The store this node is attached to. */
    public InMemoryStateStore store() {
        return store;
    }

    @Override
    public synchronized void connect() {
        if (state == ConnectionState.CLOSED) {
            throw new IllegalStateException("InMemoryStateProvider " + nodeId + " is closed");
        }
        if (state != ConnectionState.CONNECTED) {
            state = ConnectionState.CONNECTED;
            store.attach(this);
            StateListener l = listener;
            if (l != null) {
                l.onConnected();
            }
        }
    }

    @Override
    public synchronized void disconnect() {
        state = ConnectionState.CLOSED;
        store.detach(this);
    }

    @Override
    public ConnectionState connectionState() {
        return state;
    }

    @Override
    public Optional<RouteVector> get(String routeId) {
        return store.get(routeId);
    }

    /** @throws IllegalStateException when not connected */
    @Override
    public void update(RouteVector vector) {
        if (state != ConnectionState.CONNECTED) {
            throw new IllegalStateException("InMemoryStateProvider " + nodeId + " is " + state);
        }
        store.publish(vector);
    }

    @Override
    public void delete(String routeId) {
        store.delete(routeId);
    }

    @Override
    public List<String> listRoutes() {
        return store.routes();
    }

    @Override
    public void subscribe(StateListener l) {
        this.listener = l;
    }

    void deliver(RouteVector v) {
        StateListener l = listener;
        if (l != null && state == ConnectionState.CONNECTED) {
            l.onRemoteVector(v);
        }
    }

    @Override
    public String toString() {
        return "InMemoryStateProvider[" + nodeId + ", " + state + "]";
    }
}
