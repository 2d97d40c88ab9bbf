/** The backend SPI: what a third-party database backend implements. */
package io.fraiseql.spi;
