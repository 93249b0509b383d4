/// Max and average pooling over channels-last samples `[height, width, channels]` (a 1-D sample is
/// one row high), for the pooling and global pooling layers. Pooling windows have no dilation, so
/// the real (unpadded) input positions of a window form one rectangle; both kinds walk it with
/// ``forEachWindow(_:_:)``, and padded positions are ignored: they never win a max, and an average
/// divides by the number of real positions only, as TensorFlow does.
enum PoolingKernels {
    /// Calls `body(output position, rows, columns)` for each output position of one sample, in
    /// row-major order, with the ranges of input rows and columns its window covers.
    @inline(__always)
    static func forEachWindow(_ g: WindowGeometry, _ body: (Int, Range<Int>, Range<Int>) -> Void) {
        for oy in 0..<g.height.output {
            let rows = g.height.realPositions(output: oy)
            for ox in 0..<g.width.output {
                body(oy * g.width.output + ox, rows, g.width.realPositions(output: ox))
            }
        }
    }

    /// Max pooling of `rows` samples `x` into `y` (`outputPositions × channels` values per sample).
    /// `argmax` receives, for every output value, the index within its sample of the input value that
    /// won — the first largest in row-major order at ties, as TensorFlow's CPU kernel picks it.
    /// Channels go eight at a time through SIMD selects (a branch per value is slow on random data).
    static func maxForward(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, argmax: UnsafeMutablePointer<Int32>,
                           rows: Int, geometry g: WindowGeometry) {
        let inputCount = g.inputCount, outputCount = g.outputPositions * g.channels
        let channels = g.channels, width = g.width.input
        let vectorChannels = channels - channels % Lanes.count
        Parallel.forEachChunk(count: rows, costPerElement: g.outputPositions * g.taps * channels * 2) { samples in
            for n in samples {
                let xs = x + n * inputCount
                let ys = y + n * outputCount, args = argmax + n * outputCount
                forEachWindow(g) { position, windowRows, windowColumns in
                    let best = ys + position * channels, at = args + position * channels
                    let first = (windowRows.lowerBound * width + windowColumns.lowerBound) * channels
                    var c = 0
                    while c < vectorChannels {
                        var top = Lanes.load(xs + first + c)
                        var where_ = Lanes.Indices(repeating: Int32(first + c)) &+ Lanes.offsets
                        for row in windowRows {
                            for column in windowColumns {
                                let base = (row * width + column) * channels + c
                                let value = Lanes.load(xs + base)
                                let larger = value .> top
                                top.replace(with: value, where: larger)
                                where_.replace(with: Lanes.Indices(repeating: Int32(base)) &+ Lanes.offsets, where: larger)
                            }
                        }
                        Lanes.store(top, best + c)
                        Lanes.store(where_, at + c)
                        c += Lanes.count
                    }
                    while c < channels {
                        var top = xs[first + c], index = first + c
                        for row in windowRows {
                            for column in windowColumns {
                                let i = (row * width + column) * channels + c
                                if xs[i] > top { top = xs[i]; index = i }
                            }
                        }
                        best[c] = top
                        at[c] = Int32(index)
                        c += 1
                    }
                }
            }
        }
    }

    /// The input gradient of max pooling: each output gradient goes to the input value that won its
    /// window (added where windows overlap); `dx` is overwritten unless `accumulate`.
    static func maxBackward(_ dy: UnsafePointer<Float>, argmax: UnsafePointer<Int32>, rows: Int, geometry g: WindowGeometry,
                            into dx: UnsafeMutablePointer<Float>, accumulate: Bool) {
        let inputCount = g.inputCount, outputCount = g.outputPositions * g.channels
        Parallel.forEachChunk(count: rows, costPerElement: inputCount + outputCount * 2) { samples in
            for n in samples {
                let dxs = dx + n * inputCount, dys = dy + n * outputCount, args = argmax + n * outputCount
                if !accumulate { dxs.update(repeating: 0, count: inputCount) }
                for i in 0..<outputCount { dxs[Int(args[i])] += dys[i] }
            }
        }
    }

    /// The input gradient of a max whose ties share the gradient (TensorFlow's `reduce_max`): each
    /// output gradient is divided equally among the inputs of its window equal to the window's
    /// maximum `y`; `dx` is overwritten unless `accumulate`. For windows without padding.
    static func maxBackwardSpreadingTies(_ dy: UnsafePointer<Float>, x: UnsafePointer<Float>, y: UnsafePointer<Float>, rows: Int,
                                         geometry g: WindowGeometry, into dx: UnsafeMutablePointer<Float>, accumulate: Bool) {
        let inputCount = g.inputCount, outputCount = g.outputPositions * g.channels
        let channels = g.channels, width = g.width.input
        Parallel.forEachChunk(count: rows, costPerElement: inputCount + g.outputPositions * g.taps * channels * 2) { samples in
            for n in samples {
                let xs = x + n * inputCount, dxs = dx + n * inputCount
                let ys = y + n * outputCount, dys = dy + n * outputCount
                if !accumulate { dxs.update(repeating: 0, count: inputCount) }
                forEachWindow(g) { position, windowRows, windowColumns in
                    let o = position * channels
                    for c in 0..<channels {
                        var ties: Float = 0
                        for row in windowRows {
                            for column in windowColumns where xs[(row * width + column) * channels + c] == ys[o + c] { ties += 1 }
                        }
                        let share = dys[o + c] / ties
                        for row in windowRows {
                            for column in windowColumns {
                                let i = (row * width + column) * channels + c
                                if xs[i] == ys[o + c] { dxs[i] += share }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Average pooling of `rows` samples `x` into `y`: each window's real positions, summed, divided
    /// by their number.
    static func averageForward(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, rows: Int, geometry g: WindowGeometry) {
        let inputCount = g.inputCount, outputCount = g.outputPositions * g.channels
        let channels = g.channels, width = g.width.input
        let vectorChannels = channels - channels % Lanes.count
        Parallel.forEachChunk(count: rows, costPerElement: g.outputPositions * g.taps * channels) { samples in
            for n in samples {
                let xs = x + n * inputCount, ys = y + n * outputCount
                forEachWindow(g) { position, windowRows, windowColumns in
                    let out = ys + position * channels
                    let scale = 1 / Float(windowRows.count * windowColumns.count)
                    var c = 0
                    while c < vectorChannels {
                        var sum = Lanes.Values(repeating: 0)
                        for row in windowRows {
                            for column in windowColumns { sum += Lanes.load(xs + (row * width + column) * channels + c) }
                        }
                        Lanes.store(sum * scale, out + c)
                        c += Lanes.count
                    }
                    while c < channels {
                        var sum: Float = 0
                        for row in windowRows {
                            for column in windowColumns { sum += xs[(row * width + column) * channels + c] }
                        }
                        out[c] = sum * scale
                        c += 1
                    }
                }
            }
        }
    }

    /// The input gradient of average pooling: each output gradient, divided by its window's number of
    /// real positions, is added to each of them; `dx` is overwritten unless `accumulate`.
    static func averageBackward(_ dy: UnsafePointer<Float>, rows: Int, geometry g: WindowGeometry,
                                into dx: UnsafeMutablePointer<Float>, accumulate: Bool) {
        let inputCount = g.inputCount, outputCount = g.outputPositions * g.channels
        let channels = g.channels, width = g.width.input
        let vectorChannels = channels - channels % Lanes.count
        Parallel.forEachChunk(count: rows, costPerElement: inputCount + g.outputPositions * g.taps * channels) { samples in
            for n in samples {
                let dxs = dx + n * inputCount, dys = dy + n * outputCount
                if !accumulate { dxs.update(repeating: 0, count: inputCount) }
                forEachWindow(g) { position, windowRows, windowColumns in
                    let upstream = dys + position * channels
                    let scale = 1 / Float(windowRows.count * windowColumns.count)
                    var c = 0
                    while c < vectorChannels {
                        let share = Lanes.load(upstream + c) * scale
                        for row in windowRows {
                            for column in windowColumns {
                                let target = dxs + (row * width + column) * channels + c
                                Lanes.store(Lanes.load(target) + share, target)
                            }
                        }
                        c += Lanes.count
                    }
                    while c < channels {
                        let share = upstream[c] * scale
                        for row in windowRows {
                            for column in windowColumns { dxs[(row * width + column) * channels + c] += share }
                        }
                        c += 1
                    }
                }
            }
        }
    }

    /// Eight channels at a time.
    enum Lanes {
        typealias Values = SIMD8<Float>
        typealias Indices = SIMD8<Int32>
        static let count = 8
        static let offsets = Indices(0, 1, 2, 3, 4, 5, 6, 7)

        @inline(__always) static func load(_ p: UnsafePointer<Float>) -> Values { UnsafeRawPointer(p).loadUnaligned(as: Values.self) }
        @inline(__always) static func load(_ p: UnsafeMutablePointer<Float>) -> Values { UnsafeRawPointer(p).loadUnaligned(as: Values.self) }
        @inline(__always) static func store(_ v: Values, _ p: UnsafeMutablePointer<Float>) { UnsafeMutableRawPointer(p).storeBytes(of: v, as: Values.self) }
        @inline(__always) static func store(_ v: Indices, _ p: UnsafeMutablePointer<Int32>) { UnsafeMutableRawPointer(p).storeBytes(of: v, as: Indices.self) }
    }
}

extension WindowAxis {
    /// The input positions that output position `o`'s window covers, padding left out (for windows
    /// without dilation, as pooling windows are).
    @inline(__always)
    func realPositions(output o: Int) -> Range<Int> {
        let start = o * stride - padBefore
        return Swift.max(start, 0)..<Swift.min(start + window, input)
    }
}
