package dev.floe.serving;

class EmbeddedOnlineStoreTest extends OnlineStoreContractTest {
  @Override
  protected OnlineStore newStore() {
    return new EmbeddedOnlineStore();
  }
}
