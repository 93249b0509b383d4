/// What a ``History`` chart shows and how large it is: which panels, in which order, the size of
/// the image, the scale of the value axes and the best-epoch marker.
///
/// ```swift
/// try history.plot(to: "training.svg", options: HistoryPlotOptions(
///     keys: ["loss", "accuracy"], width: 1200, height: 420,
///     logScale: .always, bestEpoch: .monitor("val_accuracy")))
/// ```
///
/// The defaults draw every quantity, loss first, on 460 × 300 px panels two to a row, with a log
/// axis where a curve spans more than two decades and a marker on the epoch of the lowest
/// `val_loss` (or `loss`).
public struct HistoryPlotOptions: Equatable, Sendable {
    /// The quantities to draw (`"loss"`, `"accuracy"`: each panel shows the training values and
    /// the `val_` ones), in this order; `nil` draws them all, loss first.
    public var keys: [String]?
    /// The width of the whole image in pixels (200…10000); `nil` for 460 px per panel column.
    public var width: Int?
    /// The height of the whole image in pixels (150…10000); `nil` for 300 px per panel row.
    public var height: Int?
    /// When the value axes are logarithmic.
    public var logScale: LogScale
    /// Which quantity's best epoch is marked, if any.
    public var bestEpoch: BestEpochMarker

    /// The options; every argument has a default (see the type's description).
    public init(keys: [String]? = nil, width: Int? = nil, height: Int? = nil,
                logScale: LogScale = .automatic, bestEpoch: BestEpochMarker = .automatic) {
        self.keys = keys
        self.width = width
        self.height = height
        self.logScale = logScale
        self.bestEpoch = bestEpoch
    }

    /// The smallest and largest image sizes accepted, in pixels.
    static let widthRange = 200...10_000, heightRange = 150...10_000

    /// When a panel's value axis is logarithmic, with ticks at powers of ten.
    ///
    /// A log axis cannot show zero or negative values: those points are left out, breaking the line
    /// as a NaN does. A panel with no positive value at all keeps a linear axis.
    public enum LogScale: String, Equatable, Sendable, CaseIterable {
        /// Logarithmic when the panel's values are all positive and the largest is more than 100
        /// times the smallest (they span more than two decades), linear otherwise.
        case automatic
        /// Always logarithmic.
        case always
        /// Always linear.
        case never
    }

    /// Which epoch is marked as the best, with a ring on the point and a label
    /// `best: epoch 7, 0.1234` (epochs numbered from 1, as `fit` prints them).
    public enum BestEpochMarker: Equatable, Sendable {
        /// The lowest `val_loss` if the history has a finite one, else the lowest `loss`; no marker
        /// if it has neither, or if that panel is not drawn.
        case automatic
        /// The best value of `key` (a history key such as `"val_accuracy"`), lowest or highest as
        /// `mode` says — with `.auto` inferred from the name as ``EarlyStopping`` and
        /// ``ModelCheckpoint`` do. The first epoch wins a tie; NaN is never best.
        case monitor(String, mode: MonitorMode = .auto)
        /// No marker.
        case none
    }
}
