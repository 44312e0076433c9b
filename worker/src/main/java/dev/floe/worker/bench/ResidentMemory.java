package dev.floe.worker.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * This process's peak resident set size, from Linux's {@code VmHWM}. It counts the JVM and DuckDB
 * alike (DuckDB runs in-process, outside the Java heap). The peak is a high-water mark over the
 * process's life; Linux lets a process reset it ({@code 5} to {@code /proc/self/clear_refs}), which
 * is how each benchmark step gets a peak of its own. Elsewhere both calls report nothing.
 */
final class ResidentMemory {
  private static final Path STATUS = Path.of("/proc/self/status");
  private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

  private ResidentMemory() {}

  /** VmHWM in MiB, rounded up; empty where /proc does not say. */
  static OptionalLong peakMegabytes() {
    try {
      for (String line : Files.readAllLines(STATUS, StandardCharsets.US_ASCII)) {
        if (line.startsWith("VmHWM:")) {
          long kilobytes =
              Long.parseLong(line.substring("VmHWM:".length()).replace("kB", "").strip());
          return OptionalLong.of((kilobytes + 1023) / 1024);
        }
      }
      return OptionalLong.empty();
    } catch (IOException | NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  /**
   * Resets the peak to the current resident size; false when the kernel does not allow it, and the
   * peaks read afterwards then cover the whole process so far.
   */
  static boolean resetPeak() {
    try {
      Files.writeString(CLEAR_REFS, "5", StandardCharsets.US_ASCII);
      return true;
    } catch (IOException | SecurityException e) {
      return false;
    }
  }
}
