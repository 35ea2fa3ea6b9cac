/** The product's notion of now. In AWS it is the system clock; locally an operator may advance it. */
export interface Clock {
  now(): Date;
}
