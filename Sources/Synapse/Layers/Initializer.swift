import Foundation

/// How a weight starts: Keras 3's initialisers, with Keras's names, defaults and scaling.
///
/// ```swift
/// var generator = RandomGenerator(seed: 42)
/// let kernel = try Initializer.heNormal.makeTensor([3, 3, 16, 32], generator: &generator)
/// ```
///
/// Glorot, He and LeCun scale with the fans of Keras's `compute_fans`: `[n]` has fan_in = fan_out = n,
/// `[in, out]` its two sizes, and a kernel `[…, in, out]` multiplies both by its receptive field (the
/// product of the leading sizes). With (scale, fan) = (1, (fan_in + fan_out) / 2) for Glorot, (2, fan_in)
/// for He and (1, fan_in) for LeCun, the uniform variants draw from U(±√(3·scale / fan)), the normal
/// ones from a normal truncated at 2σ with σ = √(scale / fan) / 0.8796…, so that their standard
/// deviation is √(scale / fan). Values come from the generator given to ``makeTensor(_:generator:)``,
/// so equal seeds give equal weights; Keras's per-initialiser `seed` is saved as `null`.
public enum Initializer: Equatable, Sendable, CustomStringConvertible {
    /// Every value 0 (Keras's `Zeros`, the default for biases).
    case zeros
    /// Every value 1 (`Ones`).
    case ones
    /// Every value the given number (`Constant`).
    case constant(Float)
    /// Uniform in [minimum, maximum) (`RandomUniform`, whose `minval` and `maxval` default to ∓0.05).
    case randomUniform(minimum: Float = -0.05, maximum: Float = 0.05)
    /// Normal with the given mean and standard deviation (`RandomNormal`).
    case randomNormal(mean: Float = 0, standardDeviation: Float = 0.05)
    /// Normal with the given mean and standard deviation, values more than two standard deviations
    /// from the mean drawn again (`TruncatedNormal`).
    case truncatedNormal(mean: Float = 0, standardDeviation: Float = 0.05)
    /// U(±√(6 / (fan_in + fan_out))) (`GlorotUniform`, Xavier; Keras's default for kernels).
    case glorotUniform
    /// Truncated normal with standard deviation √(2 / (fan_in + fan_out)) (`GlorotNormal`).
    case glorotNormal
    /// U(±√(6 / fan_in)) (`HeUniform`).
    case heUniform
    /// Truncated normal with standard deviation √(2 / fan_in) (`HeNormal`, for ReLU layers).
    case heNormal
    /// U(±√(3 / fan_in)) (`LecunUniform`).
    case lecunUniform
    /// Truncated normal with standard deviation √(1 / fan_in) (`LecunNormal`, for SELU layers).
    case lecunNormal
    /// An orthogonal matrix times `gain` (`Orthogonal`, Keras's default for recurrent kernels): a
    /// shape `[…, n]` is treated as a matrix of rows = the product of all but the last size and n
    /// columns, whose columns (rows, when there are fewer rows than columns) are orthonormal. Needs rank ≥ 2.
    case orthogonal(gain: Float = 1)

    /// A tensor of `shape` drawn from the initialiser.
    ///
    /// - Throws: ``SynapseError/invalidArgument(_:)`` for a non-finite or out-of-range argument, a size
    ///   below 1, more than 2³¹ values, or a shape of rank < 2 for ``orthogonal(gain:)``.
    public func makeTensor(_ shape: [Int], generator: inout RandomGenerator) throws -> Tensor {
        try validateArguments()
        let count = try checkedCount(of: shape)
        switch self {
        case .zeros, .ones, .constant:
            let value: Float = if case .constant(let value) = self { value } else { self == .ones ? 1 : 0 }
            return Tensor(uncheckedShape: shape, scalars: [Float](repeating: value, count: count))
        case .randomUniform(let minimum, let maximum):
            return try .randomUniform(shape, low: minimum, high: maximum, generator: &generator)
        case .randomNormal(let mean, let standardDeviation):
            return try .randomNormal(shape, mean: mean, standardDeviation: standardDeviation, generator: &generator)
        case .truncatedNormal(let mean, let standardDeviation):
            return Self.truncatedNormal(shape, mean: mean, standardDeviation: standardDeviation, generator: &generator)
        case .orthogonal(let gain):
            guard shape.count >= 2 else {
                throw SynapseError.invalidArgument("\(description): needs a shape of rank ≥ 2, found \(shape) of rank \(shape.count)")
            }
            let columns = shape[shape.count - 1]
            let values = Self.orthogonalMatrix(rows: count / columns, columns: columns, gain: gain, generator: &generator)
            return Tensor(uncheckedShape: shape, scalars: values)
        case .glorotUniform, .glorotNormal, .heUniform, .heNormal, .lecunUniform, .lecunNormal:
            let (scale, mode, distribution) = varianceScaling!
            // Keras's compute_fans: 1 for a scalar, n for [n], [in, out], and [.., in, out] times the receptive field.
            let receptiveField = shape.dropLast(2).reduce(1, *)
            let fanIn = shape.count < 2 ? shape.first ?? 1 : shape[shape.count - 2] * receptiveField
            let fanOut = shape.count < 2 ? fanIn : shape[shape.count - 1] * receptiveField
            let fan = max(1, mode == "fan_avg" ? Double(fanIn + fanOut) / 2 : Double(fanIn))
            if distribution == "uniform" {
                // In Float, as 3·scale / fan, so that Glorot's limit is bit for bit Dense's √(6 / (in + out)).
                let limit = (Float(3 * scale) / Float(fan)).squareRoot()
                return try .randomUniform(shape, low: -limit, high: limit, generator: &generator)
            }
            let standardDeviation = Float((scale / fan).squareRoot() / 0.87962566103423978)
            return Self.truncatedNormal(shape, mean: 0, standardDeviation: standardDeviation, generator: &generator)
        }
    }

    /// Keras's VarianceScaling settings of the Glorot, He and LeCun presets; `nil` for the others.
    private var varianceScaling: (scale: Double, mode: String, distribution: String)? {
        switch self {
        case .glorotUniform: return (1, "fan_avg", "uniform")
        case .glorotNormal: return (1, "fan_avg", "truncated_normal")
        case .heUniform: return (2, "fan_in", "uniform")
        case .heNormal: return (2, "fan_in", "truncated_normal")
        case .lecunUniform: return (1, "fan_in", "uniform")
        case .lecunNormal: return (1, "fan_in", "truncated_normal")
        default: return nil
        }
    }

    /// Checks that every argument is finite and in range.
    func validateArguments() throws {
        func fail(_ message: String) -> SynapseError { .invalidArgument("\(className): \(message)") }
        switch self {
        case .constant(let value) where !value.isFinite:
            throw fail("the value must be a finite number, found \(value)")
        case .randomUniform(let minimum, let maximum):
            guard minimum.isFinite, maximum.isFinite, minimum < maximum else {
                throw fail("minimum and maximum must be finite with minimum < maximum, found minimum \(minimum) and maximum \(maximum)")
            }
        case .randomNormal(let mean, let standardDeviation), .truncatedNormal(let mean, let standardDeviation):
            guard mean.isFinite else { throw fail("the mean must be a finite number, found \(mean)") }
            guard standardDeviation.isFinite, standardDeviation > 0 else {
                throw fail("the standard deviation must be a finite number > 0, found \(standardDeviation)")
            }
        case .orthogonal(let gain) where !gain.isFinite:
            throw fail("the gain must be a finite number, found \(gain)")
        default: break
        }
    }

    /// The number of values of `shape`, checked (``Shape/checkedCount(_:what:limit:)``); every size ≥ 1.
    private func checkedCount(of shape: [Int]) throws -> Int {
        if let size = shape.first(where: { $0 <= 0 }) {
            throw SynapseError.invalidArgument("\(className): every size must be ≥ 1, found \(size) in shape \(shape)")
        }
        return try Shape.checkedCount(shape, what: className)
    }

    /// Normal values with `mean` and `standardDeviation`, each drawn again while it lies more than two
    /// standard deviations from the mean.
    private static func truncatedNormal(_ shape: [Int], mean: Float, standardDeviation: Float,
                                        generator: inout RandomGenerator) -> Tensor {
        Tensor.build(shape: shape) { out in
            for i in 0..<out.count {
                var z = generator.nextNormal()
                while Swift.abs(z) > 2 { z = generator.nextNormal() }
                out[i] = mean + standardDeviation * z
            }
        }
    }

    /// A `rows × columns` matrix (row-major) with orthonormal columns, or rows when `rows < columns`,
    /// times `gain`, as Keras: the Q of the QR decomposition of a `max × min` standard normal matrix,
    /// each column times the sign of R's diagonal entry (so that R's diagonal is positive).
    ///
    /// A small Householder QR in `Double` (BLAS has no QR, and LAPACK is not a dependency): the
    /// matrices are weight-sized, and this runs once per weight.
    private static func orthogonalMatrix(rows: Int, columns: Int, gain: Float,
                                         generator: inout RandomGenerator) -> [Float] {
        let m = max(rows, columns), n = min(rows, columns)
        // Drawn in row-major order, stored column-major: column j is a[j*m ..< (j+1)*m].
        var a = [Double](repeating: 0, count: m * n)
        for i in 0..<m { for j in 0..<n { a[j * m + i] = Double(generator.nextNormal()) } }
        // Reflects rows k..<m of the column starting at `offset` in `matrix` by I − 2·v·vᵀ (‖v‖ = 1 or v = 0).
        func reflect(_ v: [Double], _ matrix: inout [Double], column offset: Int, from k: Int) {
            var dot = 0.0
            for i in v.indices { dot += v[i] * matrix[offset + k + i] }
            for i in v.indices { matrix[offset + k + i] -= 2 * dot * v[i] }
        }
        var reflectors: [[Double]] = []
        var signs = [Double](repeating: 1, count: n)
        for k in 0..<n {
            var v = Array(a[(k * m + k)..<(k * m + m)])
            let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
            let diagonal = v[0] > 0 ? -norm : norm          // R[k][k], of the sign that avoids cancellation
            signs[k] = diagonal < 0 ? -1 : 1                // Keras's sign(0) would be 0; a zero column has probability 0
            v[0] -= diagonal
            let length = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
            if length > 0 { v = v.map { $0 / length } }
            for j in (k + 1)..<n { reflect(v, &a, column: j * m, from: k) }
            reflectors.append(v)
        }
        // Q = H₀·H₁·…·Hₙ₋₁ applied to the first n columns of the identity.
        var q = [Double](repeating: 0, count: m * n)
        for j in 0..<n { q[j * m + j] = 1 }
        for k in stride(from: n - 1, through: 0, by: -1) {
            for j in k..<n { reflect(reflectors[k], &q, column: j * m, from: k) }
        }
        var out = [Float](repeating: 0, count: m * n)
        for r in 0..<rows {
            for c in 0..<columns {
                // Tall: Q itself; wide: Qᵀ, whose entry (r, c) is Q's (c, r).
                let (i, j) = rows >= columns ? (r, c) : (c, r)
                out[r * columns + c] = Float(Double(gain) * signs[j] * q[j * m + i])
            }
        }
        return out
    }

    /// Keras's class name: `GlorotUniform`, `RandomNormal`, `Orthogonal`, …
    private var className: String {
        switch self {
        case .zeros: "Zeros"
        case .ones: "Ones"
        case .constant: "Constant"
        case .randomUniform: "RandomUniform"
        case .randomNormal: "RandomNormal"
        case .truncatedNormal: "TruncatedNormal"
        case .glorotUniform: "GlorotUniform"
        case .glorotNormal: "GlorotNormal"
        case .heUniform: "HeUniform"
        case .heNormal: "HeNormal"
        case .lecunUniform: "LecunUniform"
        case .lecunNormal: "LecunNormal"
        case .orthogonal: "Orthogonal"
        }
    }

    /// Keras's class and arguments: `GlorotUniform()`, `RandomUniform(minval: -0.05, maxval: 0.05)`,
    /// `Constant(0.5)`, `Orthogonal(gain: 1.0)`.
    public var description: String {
        switch self {
        case .constant(let value): "Constant(\(value))"
        case .randomUniform(let minimum, let maximum): "RandomUniform(minval: \(minimum), maxval: \(maximum))"
        case .randomNormal(let mean, let sd), .truncatedNormal(let mean, let sd): "\(className)(mean: \(mean), stddev: \(sd))"
        case .orthogonal(let gain): "Orthogonal(gain: \(gain))"
        default: "\(className)()"
        }
    }
}

// MARK: - Saved configuration

extension Initializer {
    /// The initialiser in Keras's serialised form, `{"class_name": "GlorotUniform", "config": {"seed": null}}`,
    /// with Keras's keys: `minval`/`maxval`, `mean`/`stddev`, `value`, `gain`.
    public var configurationValue: JSONValue {
        var config: [String: JSONValue] = ["seed": .null]
        switch self {
        case .zeros, .ones: config = [:]
        case .constant(let value): config = ["value": .number(Double(value))]
        case .randomUniform(let minimum, let maximum):
            config["minval"] = .number(Double(minimum)); config["maxval"] = .number(Double(maximum))
        case .randomNormal(let mean, let sd), .truncatedNormal(let mean, let sd):
            config["mean"] = .number(Double(mean)); config["stddev"] = .number(Double(sd))
        case .orthogonal(let gain): config["gain"] = .number(Double(gain))
        default: break
        }
        return .object(["class_name": .string(className), "config": .object(config)])
    }

    /// Reads a saved initialiser: Keras's `{"class_name": …, "config": {…}}` (other keys, such as
    /// `module`, and the `seed` are ignored) or one of its names (`"glorot_uniform"`, `"zeros"`, `"HeNormal"`, …).
    ///
    /// - Throws: ``SynapseError/fileError(_:)`` naming `owner` for an unknown name, a malformed value or bad arguments.
    public init(configurationValue value: JSONValue, owner: String) throws {
        var name: String?
        var values: [String: JSONValue] = [:]
        if case .string(let string) = value { name = string }
        if case .object(let object) = value, case .string(let string)? = object["class_name"] {
            name = string
            switch object["config"] {
            case .object(let config)?: values = config
            case nil, .null?: break
            case let other?:
                throw SynapseError.fileError("\(owner): the config of initializer '\(string)' must be an object, found \(other)")
            }
        }
        guard let name else {
            throw SynapseError.fileError(
                "\(owner): an initializer must be a name such as \"glorot_uniform\" or {\"class_name\": \"GlorotUniform\", \"config\": {…}}, found \(value)")
        }
        guard let initializer = try Self.named(name, config: Configuration(values, owner: "\(owner) (\(name))")) else {
            throw SynapseError.fileError("\(owner): unknown initializer '\(name)' (expected Zeros, Ones, Constant, RandomUniform, "
                + "RandomNormal, TruncatedNormal, GlorotUniform, GlorotNormal, HeUniform, HeNormal, LecunUniform, LecunNormal, "
                + "Orthogonal or VarianceScaling, or their snake_case names)")
        }
        do {
            try initializer.validateArguments()
        } catch let error as SynapseError {
            throw SynapseError.fileError("\(owner): \(error.message)")
        }
        self = initializer
    }

    /// The initialisers without arguments.
    private static let presets: [Initializer] = [.zeros, .ones, .glorotUniform, .glorotNormal, .heUniform, .heNormal,
                                                 .lecunUniform, .lecunNormal]

    /// Keras's snake_case name of the class: `glorot_uniform`, `he_normal`, `zeros`, …
    private var snakeCaseName: String {
        className.enumerated().map { $0 > 0 && $1.isUppercase ? "_" + $1.lowercased() : $1.lowercased() }.joined()
    }

    /// The initialiser Keras knows by `name` (class name, snake_case name or alias), with arguments from `config`.
    private static func named(_ name: String, config: Configuration) throws -> Initializer? {
        switch name {
        case "zero": return .zeros
        case "one": return .ones
        case "Constant", "constant": return .constant(try config.float("value", default: 0))
        case "RandomUniform", "random_uniform", "uniform":
            return .randomUniform(minimum: try config.float("minval", default: -0.05), maximum: try config.float("maxval", default: 0.05))
        case "RandomNormal", "random_normal", "normal":
            return .randomNormal(mean: try config.float("mean", default: 0), standardDeviation: try config.float("stddev", default: 0.05))
        case "TruncatedNormal", "truncated_normal":
            return .truncatedNormal(mean: try config.float("mean", default: 0), standardDeviation: try config.float("stddev", default: 0.05))
        case "Orthogonal", "orthogonal", "OrthogonalInitializer", "orthogonal_initializer":
            return .orthogonal(gain: try config.float("gain", default: 1))
        case "VarianceScaling", "variance_scaling":
            let scale = try config.double("scale", default: 1)
            let mode = try config.string("mode", default: "fan_in")
            var distribution = try config.string("distribution", default: "truncated_normal").lowercased()
            if distribution == "normal" { distribution = "truncated_normal" }
            if let preset = presets.first(where: { $0.varianceScaling.map { $0 == (scale, mode, distribution) } ?? false }) {
                return preset
            }
            throw SynapseError.fileError("\(config.owner): only the settings of Glorot (scale 1, fan_avg), He (scale 2, fan_in) "
                + "and LeCun (scale 1, fan_in), uniform or truncated_normal, are supported; "
                + "found scale \(scale), mode \(mode), distribution \(distribution)")
        default:
            // Zeros, Ones and the Glorot, He and LeCun presets, by class name or snake_case name.
            return presets.first { $0.className == name || $0.snakeCaseName == name }
        }
    }
}
