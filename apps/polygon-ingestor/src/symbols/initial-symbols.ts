/**
 * The 100 initial symbols: large, liquid US stocks (an S&P 100-like list as
 * of 2025: the largest US listings by market cap), ticker | name | primary
 * exchange (MIC). The provider simulator starts its universe with the same
 * 100, so tests and the demo line up with it; it states them in its own data
 * file (it shares nothing with the code it tests), and a workspace check
 * (tools/workspace-checks/test/initial-symbols.spec.ts) keeps the two in step.
 */
const TABLE = `
AAPL|Apple Inc.|XNAS
MSFT|Microsoft Corp|XNAS
NVDA|NVIDIA Corp|XNAS
AMZN|Amazon.com Inc|XNAS
GOOGL|Alphabet Inc. Class A|XNAS
GOOG|Alphabet Inc. Class C|XNAS
META|Meta Platforms, Inc. Class A|XNAS
BRK.B|Berkshire Hathaway Inc. Class B|XNYS
LLY|Eli Lilly and Co|XNYS
AVGO|Broadcom Inc.|XNAS
TSLA|Tesla, Inc.|XNAS
JPM|JPMorgan Chase & Co|XNYS
WMT|Walmart Inc.|XNYS
V|Visa Inc.|XNYS
UNH|UnitedHealth Group Inc|XNYS
XOM|Exxon Mobil Corp|XNYS
MA|Mastercard Inc|XNYS
JNJ|Johnson & Johnson|XNYS
PG|Procter & Gamble Co|XNYS
HD|Home Depot Inc|XNYS
COST|Costco Wholesale Corp|XNAS
ORCL|Oracle Corp|XNYS
MRK|Merck & Co Inc|XNYS
ABBV|AbbVie Inc.|XNYS
CVX|Chevron Corp|XNYS
BAC|Bank of America Corp|XNYS
KO|Coca-Cola Co|XNYS
NFLX|Netflix Inc|XNAS
CRM|Salesforce, Inc.|XNYS
PEP|PepsiCo, Inc.|XNAS
AMD|Advanced Micro Devices|XNAS
ADBE|Adobe Inc.|XNAS
TMO|Thermo Fisher Scientific Inc|XNYS
WFC|Wells Fargo & Co|XNYS
LIN|Linde plc|XNAS
MCD|McDonald's Corp|XNYS
ACN|Accenture plc|XNYS
CSCO|Cisco Systems, Inc.|XNAS
ABT|Abbott Laboratories|XNYS
QCOM|Qualcomm Inc|XNAS
DHR|Danaher Corp|XNYS
TXN|Texas Instruments Inc|XNAS
INTU|Intuit Inc|XNAS
GE|GE Aerospace|XNYS
IBM|International Business Machines Corp|XNYS
AMGN|Amgen Inc|XNAS
VZ|Verizon Communications Inc|XNYS
DIS|Walt Disney Co|XNYS
PM|Philip Morris International Inc|XNYS
CAT|Caterpillar Inc|XNYS
NOW|ServiceNow, Inc.|XNYS
PFE|Pfizer Inc|XNYS
ISRG|Intuitive Surgical Inc|XNAS
CMCSA|Comcast Corp|XNAS
UNP|Union Pacific Corp|XNYS
GS|Goldman Sachs Group Inc|XNYS
SPGI|S&P Global Inc|XNYS
NEE|NextEra Energy Inc|XNYS
RTX|RTX Corp|XNYS
HON|Honeywell International Inc|XNAS
AMAT|Applied Materials Inc|XNAS
T|AT&T Inc|XNYS
LOW|Lowe's Companies Inc|XNYS
BKNG|Booking Holdings Inc|XNAS
COP|ConocoPhillips|XNYS
UBER|Uber Technologies, Inc.|XNYS
PGR|Progressive Corp|XNYS
AXP|American Express Co|XNYS
ELV|Elevance Health Inc|XNYS
SYK|Stryker Corp|XNYS
MS|Morgan Stanley|XNYS
BLK|BlackRock, Inc.|XNYS
TJX|TJX Companies Inc|XNYS
VRTX|Vertex Pharmaceuticals Inc|XNAS
C|Citigroup Inc|XNYS
LMT|Lockheed Martin Corp|XNYS
SCHW|Charles Schwab Corp|XNYS
PLD|Prologis, Inc.|XNYS
BSX|Boston Scientific Corp|XNYS
MDT|Medtronic plc|XNYS
REGN|Regeneron Pharmaceuticals Inc|XNAS
ADP|Automatic Data Processing Inc|XNAS
ETN|Eaton Corp plc|XNYS
CB|Chubb Ltd|XNYS
MMC|Marsh & McLennan Companies, Inc.|XNYS
SBUX|Starbucks Corp|XNAS
BMY|Bristol-Myers Squibb Co|XNYS
PANW|Palo Alto Networks Inc|XNAS
MU|Micron Technology Inc|XNAS
DE|Deere & Co|XNYS
ADI|Analog Devices Inc|XNAS
KLAC|KLA Corp|XNAS
GILD|Gilead Sciences Inc|XNAS
LRCX|Lam Research Corp|XNAS
FI|Fiserv, Inc.|XNYS
CI|Cigna Group|XNYS
MDLZ|Mondelez International Inc|XNAS
SO|Southern Co|XNYS
ANET|Arista Networks, Inc.|XNYS
ICE|Intercontinental Exchange Inc|XNYS
`;

export interface InitialSymbol {
  readonly symbol: string;
  readonly name: string;
  readonly exchange: string;
}

export const INITIAL_SYMBOLS: readonly InitialSymbol[] = TABLE.trim()
  .split('\n')
  .map((line) => {
    const [symbol, name, exchange] = line.split('|');
    return { symbol, name, exchange };
  });
