package dev.floe.models;

/** The version of Floe that is running, recorded with every model it registers. */
public final class FloeVersion {
  /** What a build without a jar manifest (an IDE, the test classpath) reports. */
  public static final String DEVELOPMENT = "development";

  private FloeVersion() {}

  /** The jar manifest's Implementation-Version, or {@value #DEVELOPMENT} outside a packaged jar. */
  public static String current() {
    String version = FloeVersion.class.getPackage().getImplementationVersion();
    return version == null || version.isBlank() ? DEVELOPMENT : version;
  }
}
