/**
 * The transaction contract between a broker and a transaction coordinator, typed once and used by both sides.
 *
 * <ul>
 *   <li>Requests (Tandem extensions, codes 100100..100104 in {@link io.tandem.protocol.RequestCode}):
 *   {@link io.tandem.protocol.txn.ListHalvesRequestHeader}, {@link io.tandem.protocol.txn.CheckHalfRequestHeader} and
 *   its response, {@link io.tandem.protocol.txn.ResolveHalfRequestHeader} and its response,
 *   {@link io.tandem.protocol.txn.HalfDecisionsRequestHeader}, {@link io.tandem.protocol.txn.ParkHalfRequestHeader};
 *   the two answers with bodies carry {@link io.tandem.protocol.body.HalfMessageList} and
 *   {@link io.tandem.protocol.body.HalfDecisionList}.</li>
 *   <li>Shared vocabulary: {@link io.tandem.protocol.txn.Decision}, {@link io.tandem.protocol.txn.DecisionSource},
 *   {@link io.tandem.protocol.txn.EndOfChecks}, {@link io.tandem.protocol.txn.CheckOutcome},
 *   {@link io.tandem.protocol.txn.ResolveOutcome}. Each enum that crosses the wire has a fixed wire name per constant;
 *   a value no constant has is refused with an error naming the field and the value.</li>
 *   <li>The broker's durable record of a decision: {@link io.tandem.protocol.txn.TransactionOpDescriptor},
 *   read and written only through {@link io.tandem.protocol.txn.TransactionOpCodec}.</li>
 * </ul>
 */
package io.tandem.protocol.txn;
