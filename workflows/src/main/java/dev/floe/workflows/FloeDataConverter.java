package dev.floe.workflows;

import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.common.converter.JacksonJsonPayloadConverter;

/**
 * The data converter of every Floe client, worker and replayer: JSON payloads through {@link
 * FloeJson}'s mapper. The SDK's default mapper rejects unknown fields, so a run started with an extra
 * field (an older or newer client, a hand-written {@code temporal workflow start}) would fail its
 * workflow task on every attempt and sit RUNNING forever.
 */
public final class FloeDataConverter {
  private static final DataConverter INSTANCE =
      DefaultDataConverter.newDefaultInstance()
          .withPayloadConverterOverrides(new JacksonJsonPayloadConverter(FloeJson.mapper()));

  private FloeDataConverter() {}

  public static DataConverter instance() {
    return INSTANCE;
  }
}
