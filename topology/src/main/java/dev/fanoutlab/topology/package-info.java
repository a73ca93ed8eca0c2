/**
 * The messaging topology of Fanout Lab and what reads or creates it on AWS: the
 * definition ({@link dev.fanoutlab.topology.Topology}), its provisioner, the subscribe
 * step, queue URL lookup and the redrive policy. Free of Spring: the provisioner runs
 * from the command line too.
 */
@NullMarked
package dev.fanoutlab.topology;

import org.jspecify.annotations.NullMarked;
