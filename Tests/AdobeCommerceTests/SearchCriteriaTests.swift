import AdobeCommerce
import Testing

struct SearchCriteriaTests {
    @Test("Groups, filters, sorts and paging use the OpenAPI spelling, in order")
    func queryItems() throws {
        let criteria = SearchCriteria()
            .filter("type_id", .eq, "simple")
            .anyOf([Filter("sku", .like, "24-MB%"), Filter("sku", .like, "24-WB%")])
            .filter("entity_id", .in, ["1", "2", "3"])
            .sorted(by: "updated_at")
            .page(size: 50, current: 2)
            .projecting("items[sku,name],total_count")
        let items = try criteria.queryItems().map { "\($0.name)=\($0.value)" }
        #expect(
            items == [
                "searchCriteria[filterGroups][0][filters][0][field]=type_id",
                "searchCriteria[filterGroups][0][filters][0][value]=simple",
                "searchCriteria[filterGroups][0][filters][0][conditionType]=eq",
                "searchCriteria[filterGroups][1][filters][0][field]=sku",
                "searchCriteria[filterGroups][1][filters][0][value]=24-MB%",
                "searchCriteria[filterGroups][1][filters][0][conditionType]=like",
                "searchCriteria[filterGroups][1][filters][1][field]=sku",
                "searchCriteria[filterGroups][1][filters][1][value]=24-WB%",
                "searchCriteria[filterGroups][1][filters][1][conditionType]=like",
                "searchCriteria[filterGroups][2][filters][0][field]=entity_id",
                "searchCriteria[filterGroups][2][filters][0][value]=1,2,3",
                "searchCriteria[filterGroups][2][filters][0][conditionType]=in",
                "searchCriteria[sortOrders][0][field]=updated_at",
                "searchCriteria[sortOrders][0][direction]=ASC",
                "searchCriteria[pageSize]=50",
                "searchCriteria[currentPage]=2",
                "fields=items[sku,name],total_count",
            ])
    }

    @Test("Empty criteria still send the required searchCriteria parameter")
    func emptyCriteria() throws {
        #expect(try SearchCriteria().queryItems().map(\.name) == ["searchCriteria"])
    }

    @Test("Every condition type is sent as written", arguments: ConditionType.allCases)
    func conditions(condition: ConditionType) throws {
        let items = try SearchCriteria().filter("f", condition, "v").queryItems()
        #expect(items.last?.value == condition.rawValue)
    }

    @Test("Page sizes outside 1...max and pages below 1 are refused before sending", arguments: [0, 301, -5])
    func pageSizeLimits(size: Int) {
        #expect(throws: CommerceError.self) { try SearchCriteria().page(size: size).queryItems() }
        do {
            _ = try SearchCriteria().page(size: size).queryItems()
        } catch {
            #expect(error.code == .invalidRequest)
            #expect(error.message.contains("\(size)"))
        }
    }

    @Test("A page below 1, an empty group and a filter without a field are refused")
    func malformedCriteria() {
        for criteria in [
            SearchCriteria(currentPage: 0), SearchCriteria(filterGroups: [[]]), SearchCriteria().filter("", .eq, "x"),
        ] {
            #expect(
                performing: { try criteria.queryItems() }, throws: { ($0 as? CommerceError)?.code == .invalidRequest })
        }
    }
}
