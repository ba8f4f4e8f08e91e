/**
 * Test support shared by the test packages: models built in code. Depends on nothing of LipCert's
 * main code, so that it can serve as an independent source of inputs.
 */
package org.lipcert.testing;
