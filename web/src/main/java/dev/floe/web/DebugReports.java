package dev.floe.web;

import dev.floe.catalog.FloeCatalog;
import dev.floe.detect.DebugReport;
import dev.floe.detect.DebugRequest;
import dev.floe.detect.Detector;
import dev.floe.detect.Detector.FeatureValue;
import dev.floe.web.FeatureHistoryIndex.History;
import dev.floe.workflows.ModelCard;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Debug reports for the dashboard, scored by the same Detector that {@code floe debug} uses, with
 * each user's history read from an in-memory index of the model's feature snapshot (loaded on the
 * first request for that snapshot) instead of a scan of its files per request, and the model card
 * read once per version.
 */
final class DebugReports {
  /** Indexes kept at once; models mostly share few snapshots, and each index is ~12 bytes a row. */
  static final int MAX_INDEXES = 2;

  private final FloeCatalog catalog;
  private final Detector detector;
  private final ModelCatalog models;
  private final Map<Long, FeatureHistoryIndex> indexes = new ConcurrentHashMap<>();
  /** Cards read so far: a registered card never changes, so only an unknown version reads the registry. */
  private final Map<String, ModelCard> cards = new ConcurrentHashMap<>();

  DebugReports(FloeCatalog catalog, Detector detector, ModelCatalog models) {
    this.catalog = catalog;
    this.detector = detector;
    this.models = models;
  }

  DebugReport debug(DebugRequest request) {
    ModelCard card = cards.computeIfAbsent(request.modelVersion(), models::find);
    return detector.debug(request, card, this::history);
  }

  private List<FeatureValue> history(ModelCard card, long userId, LocalDate asOf) {
    History history = index(card.featureSnapshotId()).history(userId, asOf);
    List<FeatureValue> rows = new ArrayList<>(history.size());
    for (int i = 0; i < history.size(); i++) {
      rows.add(new FeatureValue(history.dates()[i], history.values()[i]));
    }
    return rows;
  }

  private FeatureHistoryIndex index(long featureSnapshotId) {
    FeatureHistoryIndex index = indexes.get(featureSnapshotId);
    if (index != null) {
      return index;
    }
    synchronized (this) {
      index = indexes.get(featureSnapshotId);
      if (index == null) {
        if (indexes.size() >= MAX_INDEXES) {
          indexes.clear();
        }
        index = FeatureHistoryIndex.load(catalog, featureSnapshotId);
        indexes.put(featureSnapshotId, index);
      }
      return index;
    }
  }
}
