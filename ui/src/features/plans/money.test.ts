import { i18n } from "../../i18n";
import { amountText, decimalText, moneyText, plainMoneyText, totalsText } from "./money";

describe("money as shown", () => {
  it("has at least 2 and at most the needed decimals, never rounded", () => {
    expect(decimalText("60.0000")).toBe("60.00");
    expect(decimalText("97.84")).toBe("97.84");
    expect(decimalText("60")).toBe("60.00");
    expect(decimalText("7.5")).toBe("7.50");
    expect(decimalText("0.0150")).toBe("0.015");
    expect(decimalText("0.0001")).toBe("0.0001");
    expect(decimalText("-12.1000")).toBe("-12.10");
    expect(decimalText("1234567890123456789.1200")).toBe("1,234,567,890,123,456,789.12");
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

  it("follows the UI's language: pt-BR groups with dots and has a decimal comma", async () => {
    await i18n.changeLanguage("pt-BR");
    expect(moneyText({ amount: "1234.5000", currency: "EUR" })).toBe("1.234,50 EUR");
    expect(decimalText("-12.1000")).toBe("-12,10");
    expect(decimalText("0.0150")).toBe("0,015");
    expect(amountText("1234.50", "EUR")).toBe("1.234,50 EUR");
    expect(totalsText([{ currency: "EUR", amount: "1234.50", count: 2 }, { currency: null, amount: "60.0000", count: 1 }])).toBe(
      "1.234,50 EUR · 60,00 (moeda não informada)",
    );
    expect(decimalText("n/a")).toBe("n/a");
  });

  it("has a plain form for sorting and export, the same in every language", async () => {
    expect(plainMoneyText({ amount: "1234.5000", currency: "EUR" })).toBe("1234.50 EUR");
    await i18n.changeLanguage("pt-BR");
    expect(plainMoneyText({ amount: "1234.5000", currency: "EUR" })).toBe("1234.50 EUR");
    expect(plainMoneyText({ amount: "-0.0150", currency: null })).toBe("-0.015");
    expect(plainMoneyText(null)).toBe("");
  });
});
