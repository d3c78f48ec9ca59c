import { amountText, decimalText, moneyText, totalsText } from "./money";

describe("money as shown", () => {
  it("has at least 2 and at most the needed decimals, never rounded", () => {
    expect(decimalText("60.0000")).toBe("60.00");
    expect(decimalText("97.84")).toBe("97.84");
    expect(decimalText("60")).toBe("60.00");
    expect(decimalText("7.5")).toBe("7.50");
    expect(decimalText("0.0150")).toBe("0.015");
    expect(decimalText("0.0001")).toBe("0.0001");
    expect(decimalText("-12.1000")).toBe("-12.10");
    expect(decimalText("1234567890123456789.1200")).toBe("1234567890123456789.12");
    // Not a plain decimal: shown as Rust sent it.
    expect(decimalText("n/a")).toBe("n/a");
  });

  it("is the same in every money text", () => {
    expect(moneyText({ amount: "60.0000", currency: null })).toBe("60.00");
    expect(moneyText({ amount: "97.840", currency: "USD" })).toBe("97.84 USD");
    expect(amountText("0.0150", "USD")).toBe("0.015 USD");
    expect(totalsText([{ currency: "USD", amount: "153.8400", count: 2 }, { currency: null, amount: "60.0000", count: 1 }])).toBe(
      "153.84 USD · 60.00 (currency not stated)",
    );
  });
});
