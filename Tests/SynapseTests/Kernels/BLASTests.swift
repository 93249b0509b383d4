import Synapse
import Testing

@Suite("BLAS entry point")
struct BLASTests {
    let a: [Float] = [1, 2, 3, 4, 5, 6]          // [2, 3]
    let aT: [Float] = [1, 4, 2, 5, 3, 6]         // aᵀ stored, [3, 2]
    let b: [Float] = [7, 8, 9, 10, 11, 12]       // [3, 2]
    let bT: [Float] = [7, 9, 11, 8, 10, 12]      // bᵀ stored, [2, 3]
    let ab: [Float] = [58, 64, 139, 154]

    func multiply(_ x: [Float], _ y: [Float], transposeA: Bool = false, transposeB: Bool = false,
                  alpha: Float = 1, beta: Float = 0, initial: [Float] = [0, 0, 0, 0]) -> [Float] {
        var c = initial
        x.withUnsafeBufferPointer { px in
            y.withUnsafeBufferPointer { py in
                c.withUnsafeMutableBufferPointer { pc in
                    BLAS.multiply(px.baseAddress!, py.baseAddress!, into: pc.baseAddress!, m: 2, n: 2, k: 3,
                                  transposeA: transposeA, transposeB: transposeB, alpha: alpha, beta: beta)
                }
            }
        }
        return c
    }

    @Test func everyTransposeFlag() {
        #expect(multiply(a, b) == ab)
        #expect(multiply(aT, b, transposeA: true) == ab)
        #expect(multiply(a, bT, transposeB: true) == ab)
        #expect(multiply(aT, bT, transposeA: true, transposeB: true) == ab)
    }

    @Test func alphaScalesAndBetaAccumulates() {
        #expect(multiply(a, b, alpha: 2) == [116, 128, 278, 308])
        #expect(multiply(a, b, beta: 1, initial: [1, 1, 1, 1]) == [59, 65, 140, 155])
        #expect(multiply(a, b, alpha: 0.5, beta: -1, initial: [1, 2, 3, 4]) == [28, 30, 66.5, 73])
    }

    @Test func threadCountIsPositive() {
        #expect(Parallel.threadCount >= 1)
    }
}
