"""PyTorch's side of scripts/gpu-check: the training step of dev.braid.worker.gpucheck.StepBenchmark on
the GPU with cuDNN's LSTM: embedding 64 over 64 symbols, a 2-layer LSTM of --hidden units over T = 50
steps of --batch rows, a linear softmax over 64 classes, cross-entropy, Adam. Median of 5 timed runs of
10 steps after 5 warm-up steps, each run ended by torch.cuda.synchronize(). Prints one line:
hidden batch tokens_per_second."""
import argparse
import statistics
import time

import torch

parser = argparse.ArgumentParser()
parser.add_argument("--hidden", type=int, default=1024)
parser.add_argument("--batch", type=int, default=128)
args = parser.parse_args()
T, V = 50, 64
torch.backends.cudnn.enabled = True
torch.backends.cuda.matmul.allow_tf32 = False  # Braid's cuBLAS runs in its default (full float) math mode
torch.backends.cudnn.allow_tf32 = False
torch.manual_seed(1)
dev = torch.device("cuda")
emb = torch.nn.Embedding(V, 64).to(dev)
lstm = torch.nn.LSTM(64, args.hidden, num_layers=2).to(dev)
out = torch.nn.Linear(args.hidden, V).to(dev)
params = list(emb.parameters()) + list(lstm.parameters()) + list(out.parameters())
opt = torch.optim.Adam(params, lr=1e-3)
x = torch.randint(0, V, (T, args.batch), device=dev)
y = torch.randint(0, V, (T * args.batch,), device=dev)
loss_fn = torch.nn.CrossEntropyLoss()


def step():
    opt.zero_grad()
    h, _ = lstm(emb(x))
    loss = loss_fn(out(h.reshape(-1, args.hidden)), y)
    loss.backward()
    opt.step()


for _ in range(5):
    step()
torch.cuda.synchronize()
times = []
for _ in range(5):
    t0 = time.perf_counter()
    for _ in range(10):
        step()
    torch.cuda.synchronize()
    times.append((time.perf_counter() - t0) / 10)
print(args.hidden, args.batch, round(T * args.batch / statistics.median(times), 1))
