package dev.floe.worker;

import dev.floe.models.FloeVersion;
import picocli.CommandLine.IVersionProvider;

/** {@code floe --version}: the same version every registered model records. */
public final class FloeVersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    return new String[] {"floe " + FloeVersion.current()};
  }
}
