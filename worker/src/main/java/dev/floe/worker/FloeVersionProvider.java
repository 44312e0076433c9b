package dev.floe.worker;

import picocli.CommandLine.IVersionProvider;

/** {@code floe --version}: the version Maven stamped into the jar's manifest. */
public final class FloeVersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = Main.class.getPackage().getImplementationVersion();
    return new String[] {"floe " + (version == null ? "development" : version)};
  }
}
