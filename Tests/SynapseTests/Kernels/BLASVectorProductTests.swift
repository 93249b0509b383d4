import Synapse
import Testing

/// Products with a single row or column go through `cblas_sgemv`: every transpose combination must
/// agree with a naive product, with alpha and beta.
@Suite("BLAS vector products")
struct BLASVectorProductTests {
    struct Case: Sendable, CustomStringConvertible {
        let m: Int, n: Int, k: Int
        let transposeA: Bool, transposeB: Bool
        var description: String { "\(m)×\(k)·\(k)×\(n) tA \(transposeA) tB \(transposeB)" }
    }

    static let cases: [Case] = [(1, 5, 7), (6, 1, 4), (1, 1, 9), (1, 3, 1)].flatMap { m, n, k in
        [false, true].flatMap { ta in [false, true].map { tb in Case(m: m, n: n, k: k, transposeA: ta, transposeB: tb) } }
    }

    @Test(arguments: cases)
    func agreesWithANaiveProduct(_ c: Case) {
        let a = (0..<(c.m * c.k)).map { Float($0 % 7) - 2.5 }
        let b = (0..<(c.k * c.n)).map { Float($0 % 5) * 0.5 - 1 }
        let initial = (0..<(c.m * c.n)).map { Float($0) + 1 }
        // Element (i, p) of op(A) and (p, j) of op(B) in their stored layouts.
        func opA(_ i: Int, _ p: Int) -> Float { c.transposeA ? a[p * c.m + i] : a[i * c.k + p] }
        func opB(_ p: Int, _ j: Int) -> Float { c.transposeB ? b[j * c.k + p] : b[p * c.n + j] }
        var expected = initial
        for i in 0..<c.m {
            for j in 0..<c.n {
                var sum: Float = 0
                for p in 0..<c.k { sum += opA(i, p) * opB(p, j) }
                expected[i * c.n + j] = 0.5 * sum - 2 * initial[i * c.n + j]
            }
        }
        var result = initial
        result.withUnsafeMutableBufferPointer { out in
            BLAS.multiply(a, b, into: out.baseAddress!, m: c.m, n: c.n, k: c.k,
                          transposeA: c.transposeA, transposeB: c.transposeB, alpha: 0.5, beta: -2)
        }
        for (x, y) in zip(result, expected) { #expect(abs(x - y) <= 1e-4 * max(1, abs(y)), "\(c): \(result) vs \(expected)") }
    }
}
