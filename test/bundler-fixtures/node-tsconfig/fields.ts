class WithField {
  field?: number;
}

export const hasUnsetField = "field" in new WithField();
