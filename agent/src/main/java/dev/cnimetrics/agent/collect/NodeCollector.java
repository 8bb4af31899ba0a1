package dev.cnimetrics.agent.collect;

/**
 * One source of node facts (ipamd, pod interfaces, ...), refreshed by the {@link RefreshLoop} on
 * its own thread. An implementation bounds its own I/O and turns a broken source into a snapshot
 * that says so; it should not throw. If it does, the loop keeps serving its previous snapshot.
 */
@FunctionalInterface
public interface NodeCollector<S extends CollectedSnapshot> {

  S collect();
}
