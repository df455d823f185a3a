/**
 * The model: {@link dev.braid.worker.model.ModelSpec} (layer specs of {@link dev.braid.worker.stack}),
 * the one model class {@link dev.braid.worker.model.StackModel} that owns the flat parameter and
 * gradient buffers and any carried state, the one batch type {@link dev.braid.worker.model.Batch}, and
 * {@link dev.braid.worker.model.PipelinedModel}, any model split into pipeline stages. The one training
 * loop in {@code train} serves every model through {@link dev.braid.worker.model.SequenceModel}.
 * {@link dev.braid.worker.model.LanguageModelSpec} and {@link dev.braid.worker.model.Seq2SeqSpec} are the
 * two models Braid was born with, as the {@code model.*}/{@code seq2seq.*} keys and saved models of
 * their kinds describe them.
 */
package dev.braid.worker.model;
