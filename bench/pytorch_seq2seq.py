"""Braid's encoder-decoder training step (bench/src/main/java/dev/braid/bench/Seq2SeqCase.java), in PyTorch:
source embedding, a bidirectional LSTM encoder of `layers` layers (packed sequences, dropout after each
layer), decoder LSTM layers whose initial states are bridged from the encoder's final states
(h0 = tanh(W [h_fwd; h_bwd] + b), c0 = 0), dropout after each, Luong attention with a key projection
(score = h . W_k m, source padding masked), o = tanh(W_c [ctx; h] + b_c), a softmax over the target
vocabulary with label smoothing 0.1, padding ignored; Adam with the global norm clipped at 1.
Reads the batch (the same pairs Braid trains on) from --pairs; prints a JSON line with the median
seconds of the timed steps (after warm-up)."""
import argparse
import json
import statistics
import time

import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

parser = argparse.ArgumentParser()
parser.add_argument("--pairs", required=True)
parser.add_argument("--threads", type=int, default=1)
parser.add_argument("--seconds", type=float, default=15)
args = parser.parse_args()
torch.set_num_threads(args.threads)
torch.manual_seed(1)
with open(args.pairs) as f:
    case = json.load(f)
PAD, BOS, EOS = 0, 2, 3
E, H, L = case["embedding"], case["hidden"], 2


class Seq2Seq(nn.Module):
    def __init__(self):
        super().__init__()
        self.src = nn.Embedding(case["sourceVocabulary"], E)
        self.tgt = nn.Embedding(case["targetVocabulary"], E)
        self.enc = nn.ModuleList(nn.LSTM(E if l == 0 else 2 * H, H, bidirectional=True) for l in range(L))
        self.dec = nn.ModuleList(nn.LSTM(E if l == 0 else H, H) for l in range(L))
        self.bridge = nn.ModuleList(nn.Linear(2 * H, H) for _ in range(L))
        self.key = nn.Linear(2 * H, H, bias=False)
        self.combine = nn.Linear(3 * H, H)
        self.out = nn.Linear(H, case["targetVocabulary"])
        self.drop = nn.Dropout(0.1)

    def forward(self, src, src_len, tgt_in):
        x = self.src(src)
        for lstm in self.enc:
            y, (h, _) = lstm(pack_padded_sequence(x, src_len, enforce_sorted=False))
            x = self.drop(pad_packed_sequence(y, total_length=src.shape[0])[0])
        summary = torch.cat([h[0], h[1]], dim=-1)
        mem = x.transpose(0, 1)                                   # [B, Ts, 2H]
        keys = self.key(mem)                                      # [B, Ts, H]
        y = self.tgt(tgt_in)
        for l, lstm in enumerate(self.dec):
            h0 = torch.tanh(self.bridge[l](summary)).unsqueeze(0)
            y, _ = lstm(y, (h0, torch.zeros_like(h0)))
            y = self.drop(y)
        q = y.transpose(0, 1)                                     # [B, Tt, H]
        scores = torch.bmm(q, keys.transpose(1, 2))               # [B, Tt, Ts]
        pad = torch.arange(src.shape[0])[None, :] >= src_len[:, None]
        alpha = torch.softmax(scores.masked_fill(pad[:, None, :], float("-inf")), dim=-1)
        o = torch.tanh(self.combine(torch.cat([torch.bmm(alpha, mem), q], dim=-1)))
        return self.out(o)                                        # [B, Tt, V]


def padded(seqs, prefix=None, suffix=None):
    rows = [([prefix] if prefix is not None else []) + s + ([suffix] if suffix is not None else []) for s in seqs]
    t = torch.full((max(map(len, rows)), len(rows)), PAD, dtype=torch.long)
    for b, r in enumerate(rows):
        t[:len(r), b] = torch.tensor(r)
    return t


src = padded(case["sources"])
src_len = torch.tensor([len(s) for s in case["sources"]])
tgt_in = padded(case["targets"], prefix=BOS)
tgt_out = padded(case["targets"], suffix=EOS).transpose(0, 1).reshape(-1)
model = Seq2Seq()
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
loss_fn = nn.CrossEntropyLoss(ignore_index=PAD, label_smoothing=0.1)
model.train()


def step():
    opt.zero_grad()
    logits = model(src, src_len, tgt_in)
    loss = loss_fn(logits.reshape(-1, logits.shape[-1]), tgt_out)
    loss.backward()
    nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    opt.step()


def block(seconds):
    t0 = time.perf_counter()
    n = 0
    while n < 2 or time.perf_counter() - t0 < seconds:
        step()
        n += 1
    return (time.perf_counter() - t0) / n


# the same timing as Braid's StepTimer: the median of 5 blocks after a warm-up block, each a sixth of the time
block(args.seconds / 6)
times = [block(args.seconds / 6) for _ in range(5)]
print(json.dumps({"case": case["name"], "threads": args.threads, "median_seconds": statistics.median(times),
                  "torch": torch.__version__}))
