package dev.floe.generate;

import dev.floe.workflows.AnomalySpec;
import java.nio.file.Path;
import java.util.List;

/** STUB: being built; signatures are the contract. */
public final class AnomalySpecs {
  private AnomalySpecs() {}

  /** Reads a JSON array or JSON-lines file of specs; InvalidInputException names file, entry, field. */
  public static List<AnomalySpec> read(Path file) {
    throw new UnsupportedOperationException("not built yet");
  }
}
