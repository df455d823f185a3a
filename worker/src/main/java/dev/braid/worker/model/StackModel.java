package dev.braid.worker.model;

import dev.braid.worker.kernel.Buf;
import dev.braid.worker.kernel.Kernels;
import dev.braid.worker.nn.ParamLayout;
import dev.braid.worker.nn.Scratch;
import dev.braid.worker.random.Seeds;
import dev.braid.worker.rnn.LayerState;
import dev.braid.worker.stack.BuildContext;
import dev.braid.worker.stack.Head;
import dev.braid.worker.stack.Layer;
import dev.braid.worker.stack.LayerSpec;
import dev.braid.worker.stack.Memory;
import dev.braid.worker.stack.MemoryGradient;
import dev.braid.worker.stack.Pass;
import dev.braid.worker.stack.Seq;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The one model class: the layers of a {@link ModelSpec} as units {@code 0..n-1} (encoder first, then
 * the main stack) and its head as unit {@code n}. Parameters are laid out, and initialised, input
 * layers first (in unit order), then the other layers in unit order, then the head: the layout of the
 * two model kinds Braid was born with. Where the main stack starts, the encoder's output becomes the
 * {@link Memory} its layers read. Layers of the main stack that carry state keep it here between
 * batches ({@link #resetState}, {@link #exportState}). A <em>replica</em> computes with kernels of its
 * own on another instance's parameter and gradient buffers: the stages of a pipeline.
 */
public final class StackModel implements SequenceModel<Batch> {
    private final ModelSpec spec;
    private final Kernels k;
    private final ParamLayout layout = new ParamLayout();
    private final Layer[] units;
    private final int[] initOrder;
    private final int[] unitParameters;
    private final Head head;
    private final int encoderUnits;
    private final int memoryWidth;
    private final int memoryDirections;
    private final MemoryGradient memoryGradient;
    private Buf params;
    private Buf grads;
    private LayerState[] state;
    private int stateRows = -1;
    private Pass pass;
    private int inputSize;
    private Buf summary;
    private Buf lastOutputs;
    private int lastSize;
    private Buf distributions;

    /** A replica on shared buffers; null buffers: a model of its own. */
    StackModel(ModelSpec spec, Kernels kernels, Buf sharedParams, Buf sharedGrads) {
        this.spec = spec;
        this.k = kernels;
        this.encoderUnits = spec.encoderUnits();
        List<LayerSpec> all = new ArrayList<>(spec.encoder());
        all.addAll(spec.stack());
        this.units = new Layer[all.size()];
        this.unitParameters = new int[all.size() + 1];
        List<Integer> order = new ArrayList<>();
        for (int u = 0; u < units.length; u++) {
            if (all.get(u).input()) {
                int before = layout.size();
                units[u] = all.get(u).build(new BuildContext(layout, u, u < encoderUnits, 0, 0, 1));
                unitParameters[u] = layout.size() - before;
                order.add(u);
            }
        }
        int width = 0;
        int memWidth = 0;
        int directions = 1;
        for (int u = 0; u < units.length; u++) {
            if (u == encoderUnits && encoderUnits > 0) {
                memWidth = width;
                directions = units[u - 1].directions();
                width = 0;
            }
            if (units[u] == null) {
                if (width == 0) {
                    throw new IllegalArgumentException("layer '" + all.get(u).name() + "' (" + (u < encoderUnits
                            ? "model.encoder[" + u : "model.stack[" + (u - encoderUnits)) + "]) has no input: a stack "
                            + "starts with an input layer (embedding)");
                }
                int before = layout.size();
                units[u] = all.get(u).build(new BuildContext(layout, u, u < encoderUnits, width, memWidth, directions));
                unitParameters[u] = layout.size() - before;
                order.add(u);
            }
            width = units[u].width();
        }
        this.memoryWidth = memWidth;
        this.memoryDirections = directions;
        int before = layout.size();
        this.head = spec.head().build(new BuildContext(layout, units.length, false, width, memWidth, directions));
        unitParameters[units.length] = layout.size() - before;
        this.initOrder = order.stream().mapToInt(Integer::intValue).toArray();
        this.memoryGradient = new MemoryGradient(k);
        if (sharedParams != null) {
            if (sharedParams.length() != layout.size() || sharedGrads.length() != layout.size()) {
                throw new IllegalArgumentException("shared buffers of " + sharedParams.length() + " values do not hold "
                        + "this model's " + layout.size() + " parameters");
            }
            params = sharedParams;
            grads = sharedGrads;
        } else {
            params = k.alloc(layout.size());
            grads = k.alloc(layout.size());
            params.mirror();
        }
        for (Layer l : units) {
            l.bind(k, params, grads);
        }
        head.bind(k, params, grads);
    }

    /** A replica of this model computing with {@code kernels} on its buffers. */
    StackModel replica(Kernels kernels) {
        return new StackModel(spec, kernels, params, grads);
    }

    @Override public ModelSpec spec() {
        return spec;
    }

    @Override public Kernels kernels() {
        return k;
    }

    @Override public ParamLayout layout() {
        return layout;
    }

    @Override public Buf params() {
        return params;
    }

    @Override public Buf grads() {
        return grads;
    }

    /** The head's output columns per position (the classes of a softmax). */
    public int outputs() {
        return head.classes();
    }

    /** Parameters of each unit of {@link ModelSpec#units()} (the head last). */
    public int[] unitParameters() {
        return unitParameters.clone();
    }

    /** The output width of each unit short of the head. */
    public int[] unitWidths() {
        int[] w = new int[units.length];
        for (int u = 0; u < units.length; u++) {
            w[u] = units[u].width();
        }
        return w;
    }

    /** The unit named {@code name} (short of the head). */
    public Layer unit(String name) {
        for (Layer l : units) {
            if (l.name().equals(name)) {
                return l;
            }
        }
        throw new IllegalArgumentException("no layer named " + name + " in " + spec.units());
    }

    /** Units short of the head. */
    int layers() {
        return units.length;
    }

    int encoderUnits() {
        return encoderUnits;
    }

    @Override public void initParams(long seed) {
        SplittableRandom rng = Seeds.init(seed);
        for (int u : initOrder) {
            units[u].init(params, rng);
        }
        head.init(params, rng);
        params.modified();
    }

    @Override public StepLoss forwardBackward(Batch given, SplittableRandom rng) {
        Batch batch = spec.head().stepWeights().apply(given);
        ensureState(batch.rows());
        Seq x = forwardUnits(0, units.length, null, Pass.of(batch, true, rng, state, null));
        double weight = batch.weight();
        double loss = outputLoss(x, batch, weight == 0 ? 0 : 1.0 / weight, true);
        backwardUnits(0, units.length, head.backward());
        return new StepLoss(loss, weight);
    }

    @Override public StepLoss score(Batch given) {
        Batch batch = spec.head().stepWeights().apply(given);
        ensureState(batch.rows());
        Seq x = forwardUnits(0, units.length, null, Pass.of(batch, false, null, state, null));
        return new StepLoss(outputLoss(x, batch, 0, false), batch.weight());
    }

    /**
     * Runs units {@code [from, to)} short of the head in {@code p}: {@code x} is the input of unit
     * {@code from} (null when that reads the batch; the encoder's output when it is the main stack's
     * first). Keeps {@code p} for the backward. Returns the last unit's output.
     */
    Seq forwardUnits(int from, int to, Seq x, Pass p) {
        this.pass = p;
        inputSize = x == null ? 0 : x.positions() * (from == encoderUnits ? memoryWidth : units[from - 1].width());
        for (int u = from; u < Math.min(to, units.length); u++) {
            if (u == encoderUnits && encoderUnits > 0) {
                Pass.Input src = p.input(true);
                p.memory(memory(x.values(), src.steps(), src.rows(), src.lengths()), null, memoryGradient);
                memoryGradient.begin(p.memory());
                x = null;
            }
            x = units[u].forward(x, p);
        }
        return x;
    }

    /** Values of the input of the first unit of the last {@link #forwardUnits} (what a pipeline stage sends back). */
    int inputSize() {
        return inputSize;
    }

    /**
     * Back through units {@code [from, to)} of the last forward, from the gradient {@code d} of unit
     * {@code to - 1}'s output. Returns the gradient of unit {@code from}'s input (the memory's when it
     * is the main stack's first unit; null when it reads the batch).
     */
    Buf backwardUnits(int from, int to, Buf d) {
        for (int u = Math.min(to, units.length) - 1; u >= from; u--) {
            d = units[u].backward(d, pass);
            if (u == encoderUnits && encoderUnits > 0) {
                d = pass.memoryGradient().finish();
            }
        }
        return d;
    }

    /**
     * The head on {@code x}: outputs and the loss of {@code batch}, its gradient scaled by {@code scale};
     * in {@code training} as the head trains (a shortlisted softmax keeps no outputs to predict from).
     */
    double outputLoss(Seq x, Batch batch, double scale, boolean training) {
        lastSize = x.positions();
        lastOutputs = training ? head.trainingOutputs(x.values(), lastSize, batch) : head.outputs(x.values(), lastSize);
        return head.loss(batch, scale);
    }

    /** The head's backward: the gradient of its input. */
    Buf headBackward() {
        return head.backward();
    }

    private Memory memory(Buf enc, int steps, int rows, int[] lengths) {
        Memory m = new Memory(k, enc, steps, rows, lengths, memoryWidth, memoryDirections, units.length, summary);
        summary = m.summary();
        for (int u = encoderUnits; u < units.length; u++) {
            units[u].prepare(m);
        }
        return m;
    }

    // ---- decoding ----

    /** Encodes time-major sources: the memory decoder layers read, prepared for {@link #step}. */
    public Memory encode(int[] source, int[] lengths, int steps, int rows) {
        if (encoderUnits == 0) {
            throw new IllegalStateException("the model has no encoder");
        }
        Pass p = new Pass(null, new Pass.Input(source, null, steps, rows, lengths, null), false, null, null, null);
        Seq enc = forwardUnits(0, encoderUnits, null, p);
        return memory(enc.values(), steps, rows, lengths);
    }

    /** Decoder states by unit for hypotheses: row r starts from source row {@code memoryRow[r]}. */
    public LayerState[] initialStates(int[] memoryRow) {
        LayerState[] states = new LayerState[units.length];
        for (int u = encoderUnits; u < units.length; u++) {
            states[u] = units[u].initialState(memoryRow);
        }
        return states;
    }

    /**
     * One decoding step for {@code prev.length} hypotheses: feeds each its previous token, advances its
     * states in place, and writes next-token log-probabilities {@code [rows, V]} into {@code logProbs}.
     */
    public void step(Memory memory, int[] prev, LayerState[] states, int[] memoryRow, Buf logProbs) {
        int rows = prev.length;
        Pass p = new Pass(new Pass.Input(prev, null, 1, rows, null, null), null, false, null, states, null);
        p.memory(memory, memoryRow, null);
        Seq x = null;
        for (int u = encoderUnits; u < units.length; u++) {
            x = units[u].forward(x, p);
        }
        Buf logits = head.outputs(x.values(), rows);
        k.logSoftmax(logits, 0, rows, head.classes(), logProbs, 0);
    }

    /** Next-token probabilities {@code [rows, V]} after feeding {@code batch} (its state carried), for sampling. */
    public Buf probabilities(Batch batch, double temperature, Buf into) {
        ensureState(batch.rows());
        Seq x = forwardUnits(0, units.length, null, Pass.of(batch, false, null, state, null));
        Buf logits = head.outputs(x.values(), x.positions());
        int v = head.classes();
        int lastRow = (batch.steps() - 1) * batch.rows();
        k.softmax(logits, lastRow * v, batch.rows(), v, temperature, into, 0);
        return into;
    }

    /**
     * The head's predictions {@code [n, V]} (a softmax's distributions; rows in batch order) of the batch last passed to
     * {@link #score} or {@link #forwardBackward}, for evaluations that combine them with other models.
     */
    public float[] lastDistributions() {
        if (lastOutputs == null) {
            throw new IllegalStateException("no batch has been scored yet (a softmax trained on a shortlist keeps no "
                    + "distributions of its training steps)");
        }
        int v = head.classes();
        distributions = Scratch.ensure(k, distributions, lastSize * v);
        head.predict(lastOutputs, lastSize, distributions);
        float[] out = new float[lastSize * v];
        distributions.read(0, out, 0, out.length);
        return out;
    }

    /**
     * What the head predicts for {@code batch} ({@code [outputs, classes]}: distributions, probabilities
     * or numbers), without dropout; carried state advances as in training.
     */
    public float[] predict(Batch batch) {
        score(batch);
        return lastDistributions();
    }

    // ---- carried state ----

    /** Whether unit u carries its state from batch to batch. */
    boolean carries(int u) {
        return u >= encoderUnits && units[u].newState(1) != null;
    }

    /**
     * The layout of {@link #exportState()}: per carried unit in order, {parts, width} — its rows' state is
     * {@code parts} blocks of {@code rows x width} values, part after part.
     */
    public int[][] stateShapes() {
        List<int[]> shapes = new ArrayList<>();
        for (int u = encoderUnits; u < units.length; u++) {
            LayerState s = units[u].newState(1);
            if (s != null) {
                shapes.add(new int[] {s.size() / s.hidden(), s.hidden()});
            }
        }
        return shapes.toArray(int[][]::new);
    }

    /** A zero state of unit u for {@code rows} rows (a pipeline stage that owns it allocates it). */
    LayerState newUnitState(int u, int rows) {
        return units[u].newState(rows);
    }

    private void ensureState(int rows) {
        if (state == null || stateRows != rows) {
            resetState(rows);
        }
    }

    @Override public void resetState(int rows) {
        state = new LayerState[units.length];
        for (int u = encoderUnits; u < units.length; u++) {
            state[u] = units[u].newState(rows);
        }
        stateRows = rows;
    }

    @Override public float[] exportState() {
        if (state == null) {
            return new float[0];
        }
        float[] out = new float[stateValues()];
        int pos = 0;
        for (LayerState s : state) {
            if (s != null) {
                s.buf().read(0, out, pos, s.size());
                pos += s.size();
            }
        }
        return out;
    }

    @Override public void importState(float[] values, int rows) {
        resetState(rows);
        if (values.length == 0) {
            return;
        }
        if (values.length != stateValues()) {
            throw new IllegalArgumentException("a state of " + values.length + " values does not fit " + rows
                    + " rows of this model (" + stateValues() + " expected)");
        }
        int pos = 0;
        for (LayerState s : state) {
            if (s != null) {
                s.buf().write(0, values, pos, s.size());
                pos += s.size();
            }
        }
    }

    private int stateValues() {
        int total = 0;
        for (LayerState s : state) {
            total += s == null ? 0 : s.size();
        }
        return total;
    }
}
